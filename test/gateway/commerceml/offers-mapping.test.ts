// What offers and products carry beyond name and price (gateway/commerceml/README.md
// §2.2–2.3), over the whole 1C conversation: stock per warehouse beside the total, the offer's
// currency as the CRM currency, VAT as the product's tax, characteristics as variants of their
// product, units of measure growing the picklist, and groups of an earlier package used by a
// later one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { productExtras } from '../../../store/commerceml/product-extras.js';
import {
  activateCurrency,
  ADMIN_ACCESS_KEY,
  startOneCGateway,
  type TestGateway,
} from '../../helpers/gateway.js';
import { adminActor, makeZip, OneCClient } from './one-c-client.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);
const text = (name: string): string =>
  readFileSync(path.join(FIXTURES, name), 'utf8').replace(/^\uFEFF/, '');
const IMPORT_207 = text('carono-yii2-1c-exchange__import_2.07_utf8bom.xml');
const OFFERS_207 = text('carono-yii2-1c-exchange__offers_2.07_characteristics.xml');
const BOOTS = 'bd72d910-55bc-11d9-848a-00112f43529a';
const STORE_WH = 'b6112590-41ba-11dd-ac9d-0015e9b8c48d';

const admin = adminActor;

async function run(gw: TestGateway, files: Record<string, string | Buffer>): Promise<string[]> {
  const client = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await client.checkauth();
  await client.init();
  const answers: string[] = [];
  for (const [name, body] of Object.entries(files)) {
    await client.upload(name, typeof body === 'string' ? Buffer.from(body) : body, 3000);
    answers.push((await client.importFile(name)).text);
  }
  return answers;
}

async function recordOf(
  gw: TestGateway,
  remoteId: string,
): Promise<{ id: number; values: Record<string, string | null> }> {
  const link = await gw.store.syncLinks.find('1c', 'default', remoteId);
  const rec = link ? await gw.store.records.get(await admin(gw), link.module, link.recordId) : null;
  if (!rec) throw new Error(`no record for ${remoteId}`);
  return rec;
}

test('2.07: stock per warehouse with its name beside the total, the offer currency as CRM currency, units grow the picklist', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const rub = await gw.store.records.create(await admin(gw), 'Currency', {
    values: { currency_name: 'Рубль', currency_code: 'RUB', conversion_rate: '1' },
  });
  t.deepEqual(
    (await run(gw, { 'import.xml': IMPORT_207, 'offers.xml': OFFERS_207 })).map(
      (a) => a.split('\n')[0],
    ),
    ['success', 'success'],
  );
  const variantKey = `${BOOTS}#90c55447-d3a8-11e4-9423-e0cb4ed5eed4`;
  const variant = await recordOf(gw, variantKey);
  t.is(Number(variant.values['qtyinstock']), 20);
  t.is(Number(variant.values['unit_price']), 1719);
  t.is(variant.values['currency_id'], String(rub.id));
  const extras = await productExtras(gw.store.db.knex, variant.id);
  t.deepEqual(
    extras.stock.map((s) => [s.warehouseId, s.warehouseName, s.quantity]),
    [[STORE_WH, 'Магазин "Обувь"', '20']],
  );
  const boots = await recordOf(gw, BOOTS);
  t.is(boots.values['usageunit'], 'Пара (2 шт.)');
  t.true((await gw.store.picklists.values('Products', 'usageunit')).includes('Пара (2 шт.)'));
  // Each characteristic is a variant of the boots.
  const variants = (await productExtras(gw.store.db.knex, boots.id)).variants;
  t.true(variants.some((v) => v.variantId === variant.id));
  // Stock changes at one warehouse: the row follows, the total too; a repeat changes nothing.
  const changed = OFFERS_207.replace(`КоличествоНаСкладе="20"`, `КоличествоНаСкладе="7"`).replace(
    '<Количество>20</Количество>',
    '<Количество>7</Количество>',
  );
  t.is((await run(gw, { 'offers.xml': changed }))[0]?.split('\n')[0], 'success');
  t.is(Number((await recordOf(gw, variantKey)).values['qtyinstock']), 7);
  t.deepEqual(
    (await productExtras(gw.store.db.knex, variant.id)).stock.map((s) => s.quantity),
    ['7'],
  );
  const seq = await gw.store.changeLog.latestSeq();
  t.regex(
    (await run(gw, { 'offers.xml': changed }))[0] ?? '',
    /^success\n0 created, 0 updated, \d+ unchanged$/,
  );
  t.is(await gw.store.changeLog.latestSeq(), seq);
});

test('VAT: СтавкиНалогов 20 and the requisite СтавкаНДС become the product tax; "Без налога" clears the class', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const first = IMPORT_207.indexOf('<Описание/>');
  const second = IMPORT_207.indexOf('<Описание', first + 10);
  const withVat =
    IMPORT_207.slice(0, first) +
    '<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов>' +
    IMPORT_207.slice(first, second) +
    '<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>СтавкаНДС</Наименование><Значение>10%</Значение></ЗначениеРеквизита></ЗначенияРеквизитов>' +
    IMPORT_207.slice(second);
  t.is((await run(gw, { 'import.xml': withVat }))[0]?.split('\n')[0], 'success');
  const boots = await recordOf(gw, BOOTS);
  t.is(boots.values['taxclass'], 'VAT');
  t.deepEqual(
    (await productExtras(gw.store.db.knex, boots.id)).taxes.map((x) => [x.taxName, x.percentage]),
    [['НДС', '20']],
  );
  const links = (await gw.store.syncLinks.forConnection('1c', 'default')).filter(
    (l) => l.module === 'Products' && l.remoteId !== BOOTS,
  );
  const other = links[0] ? await productExtras(gw.store.db.knex, links[0].recordId) : null;
  t.deepEqual(
    other?.taxes.map((x) => [x.taxName, x.percentage]),
    [['НДС', '10']],
  );
  // 1C now says "Без налога".
  t.is(
    (
      await run(gw, {
        'import.xml': withVat.replace('<Ставка>20</Ставка>', '<Ставка>Без налога</Ставка>'),
      })
    )[0]?.split('\n')[0],
    'success',
  );
  t.is((await recordOf(gw, BOOTS)).values['taxclass'], null);
  t.deepEqual(
    (await productExtras(gw.store.db.knex, boots.id)).taxes.map((x) => [x.taxName, x.percentage]),
    [['НДС', null]],
  );
});

test('3.1 zip: characteristics from prices.xml are variants; rests.xml stock per warehouse; groups of an earlier package serve a later one', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  // The prices file has a USD price type besides roubles.
  await activateCurrency(gw, 'USD', '0.011');
  const f = (n: string): Buffer => readFileSync(path.join(FIXTURES, n));
  const zip = makeZip([
    {
      name: 'goods/1/import.xml',
      data: f('irpsv-commerceml__bitrix-module-6.5_goods-import_3.1.xml'),
    },
    {
      name: 'goods/1/prices.xml',
      data: f('irpsv-commerceml__bitrix-module-6.5_goods-prices_3.1.xml'),
    },
    {
      name: 'goods/1/rests.xml',
      data: f('irpsv-commerceml__bitrix-module-6.5_goods-rests_3.1.xml'),
    },
  ]);
  const client = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await client.checkauth();
  await client.init();
  await client.upload('v8.zip', zip, 40_000);
  for (const name of ['goods/1/import.xml', 'goods/1/prices.xml', 'goods/1/rests.xml'])
    t.is((await client.importFile(name)).lines[0], 'success');
  const base = await recordOf(gw, '235ccc6d-ab81-11e4-944a-00155d020201');
  const variants = (await productExtras(gw.store.db.knex, base.id)).variants;
  t.true(variants.length > 1);
  const variant = await recordOf(
    gw,
    '235ccc6d-ab81-11e4-944a-00155d020201#a5abd77f-93f6-11e5-9468-00155d020201',
  );
  t.true(variants.some((v) => v.variantId === variant.id));
  const stock = (await productExtras(gw.store.db.knex, variant.id)).stock;
  t.true(stock.length >= 2);
  t.true(stock.some((s) => s.warehouseId === 'be3dfd89-0ac5-11e1-84f0-00241d886595'));
  t.is(
    Number(variant.values['qtyinstock']),
    stock.reduce((n, s) => n + Number(s.quantity), 0),
  );

  // A later package: only a Каталог, whose new product names a group of the 2.07 classifier sent earlier.
  t.is((await run(gw, { 'import.xml': IMPORT_207 }))[0]?.split('\n')[0], 'success');
  const group = await recordOf(gw, 'e5a4c309-a659-11dd-acee-0015e9b8c48d');
  const catalogOnly = IMPORT_207.replace(/<Классификатор>[\s\S]*<\/Классификатор>/, '')
    .replace(BOOTS, 'new-product-0001')
    .replace('Женские ботфорты коричневые', 'Новый товар');
  t.is((await run(gw, { 'import.xml': catalogOnly }))[0]?.split('\n')[0], 'success');
  t.is((await recordOf(gw, 'new-product-0001')).values['catalog_id'], String(group.id));
});

test('the same bytes sent again skip the check pass but not the currency check: a currency made inactive in between fails the file', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const actor = await admin(gw);
  await gw.store.records.create(actor, 'Currency', {
    values: { currency_name: 'Рубль', currency_code: 'RUB', conversion_rate: '1' },
  });
  const usd = await gw.store.records.create(actor, 'Currency', {
    values: { currency_name: 'Dollar', currency_code: 'USD', conversion_rate: '90' },
  });
  const f = (n: string): string => readFileSync(path.join(FIXTURES, n), 'utf8');
  const goods = f('irpsv-commerceml__bitrix-module-6.5_goods-import_3.1.xml');
  const prices = f('irpsv-commerceml__bitrix-module-6.5_goods-prices_3.1.xml');
  t.deepEqual(
    (await run(gw, { 'import.xml': goods, 'prices.xml': prices })).map((a) => a.split('\n')[0]),
    ['success', 'success'],
  );
  t.is((await gw.store.settings.get<unknown[]>('commerceml.verified-files', [])).length, 2);
  await gw.store.records.update(
    actor,
    'Currency',
    usd.id,
    { values: { currency_status: 'Inactive' } },
    'revise',
  );
  const seq = await gw.store.changeLog.latestSeq();
  t.deepEqual(await run(gw, { 'prices.xml': prices }), [
    'failure\ncurrency USD is not active in the CRM',
  ]);
  t.is(await gw.store.changeLog.latestSeq(), seq);
});

// The whole 1C catalog conversation over HTTP (gateway/commerceml/README.md §1.2–1.4) with the
// fixture files: chunked and zipped uploads, UTF-8 with BOM, windows-1251, with and without
// namespace, and an idempotent second run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import iconv from 'iconv-lite';
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
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const IMPORT_207 = 'carono-yii2-1c-exchange__import_2.07_utf8bom.xml';
const OFFERS_207 = 'carono-yii2-1c-exchange__offers_2.07_characteristics.xml';
const OFFERS_208 = 'bigperson-exchange1c__offers_2.08_with-characteristics.xml';
const IMPORT_31 = 'irpsv-commerceml__bitrix-module-6.5_goods-import_3.1.xml';
const PRICES_31 = 'irpsv-commerceml__bitrix-module-6.5_goods-prices_3.1.xml';
const RESTS_31 = 'irpsv-commerceml__bitrix-module-6.5_goods-rests_3.1.xml';

const admin = adminActor;

async function counts(gw: TestGateway): Promise<Record<string, number>> {
  const actor = await admin(gw);
  const out: Record<string, number> = {};
  for (const m of ['Products', 'Services', 'Catalogs'])
    out[m] = await gw.store.records.count(actor, m);
  return out;
}

async function session(gw: TestGateway, filePath = '/1c_exchange.php'): Promise<OneCClient> {
  const client = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY, filePath);
  const auth = await client.checkauth();
  if (auth.lines[0] !== 'success') throw new Error(auth.text);
  await client.init();
  return client;
}

test('checkauth answers five lines; init answers zip, file_limit, sessid and version', async (t) => {
  t.timeout(30_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const client = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  const auth = await client.checkauth();
  t.is(auth.status, 200);
  t.is(auth.lines[0], 'success');
  t.is(auth.lines.length, 5);
  t.regex(auth.lines[3] ?? '', /^sessid=[0-9a-f]+$/);
  t.regex(auth.lines[4] ?? '', /^timestamp=\d+$/);
  const init = await client.init();
  t.deepEqual(init.lines.slice(0, 2), ['zip=yes', `file_limit=${8 * 1024 * 1024}`]);
  t.is(init.lines[2], `sessid=${client.sessid}`);
  t.is(init.lines[3], 'version=2.08');
  const old = await client.call('type=catalog&mode=init');
  t.is(old.lines.length, 2);
});

test('2.07 import (UTF-8 BOM) + offers in small chunks: groups, products, prices; a second run creates nothing', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  for (let run = 0; run < 2; run++) {
    const client = await session(
      gw,
      run === 0 ? '/1c_exchange.php' : '/bitrix/admin/1c_exchange.php',
    );
    for (const a of await client.upload('import0_1.xml', fixture(IMPORT_207), 4096))
      t.is(a.text, 'success');
    for (const a of await client.upload('offers0_1.xml', fixture(OFFERS_207), 4096))
      t.is(a.text, 'success');
    t.is((await client.importFile('import0_1.xml')).lines[0], 'success');
    t.is((await client.importFile('offers0_1.xml')).lines[0], 'success');
    t.regex((await client.call('type=catalog&mode=complete')).text, /^success(\n0 deactivated)?$/);
  }
  const c = await counts(gw);
  t.is(c['Catalogs'], 22);
  t.true((c['Products'] ?? 0) >= 2);
  const actor = await admin(gw);
  const boots = (await gw.store.records.list(actor, 'Products', { limit: 100 })).find(
    (p) => p.values['productcode'] === 'Б-130001',
  );
  t.truthy(boots);
  t.truthy(boots?.values['catalog_id']);
  const link = await gw.store.syncLinks.find(
    '1c',
    'default',
    'bd72d910-55bc-11d9-848a-00112f43529a',
  );
  t.is(link?.recordId, boots?.id);
  const log = await gw.store.exchangeLog.list({ system: '1c' });
  t.is(log.filter((e) => e.status === 'ok').length, 4);
});

test('3.1 Bitrix-module files in one zip (goods/1/…): import, prices, rests', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  // The prices file has a USD price type besides roubles.
  await activateCurrency(gw, 'USD', '0.011');
  const client = await session(gw);
  const zip = makeZip([
    { name: 'goods/1/import.xml', data: fixture(IMPORT_31) },
    { name: 'goods/1/prices.xml', data: fixture(PRICES_31) },
    { name: 'goods/1/rests.xml', data: fixture(RESTS_31) },
    { name: 'import_files/ab/ab12.jpg', data: Buffer.from('jpeg') },
  ]);
  for (const a of await client.upload('v8_2C7E_125d5b.zip', zip, 50_000)) t.is(a.text, 'success');
  for (const f of ['goods/1/import.xml', 'goods/1/prices.xml', 'goods/1/rests.xml']) {
    const a = await client.importFile(f);
    t.is(a.lines[0], 'success', a.text);
  }
  const c = await counts(gw);
  // 21 goods, and 86 characteristics (Ид#…) of them become variants.
  t.is((c['Products'] ?? 0) + (c['Services'] ?? 0), 21 + 86);
  const actor = await admin(gw);
  const variantKey = '235ccc6d-ab81-11e4-944a-00155d020201#a5abd77f-93f6-11e5-9468-00155d020201';
  const link = await gw.store.syncLinks.find('1c', 'default', variantKey);
  t.truthy(link);
  const variant = link ? await gw.store.records.get(actor, link.module, link.recordId) : null;
  t.truthy(variant?.values['unit_price']);
  t.regex(String(variant?.values['productname'] ?? variant?.values['servicename']), /#a5abd77f$/);
});

test('2.08 offers with namespace urn:1C.ru:commerceml_210 and a windows-1251 import adopting a CRM product', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const existing = await gw.store.records.create(await admin(gw), 'Products', {
    values: { productname: 'Женские ботфорты коричневые', productcode: 'Б-130001' },
  });
  const client = await session(gw);
  const cp1251 = iconv.encode(
    fixture(IMPORT_207)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .replace('encoding="UTF-8"', 'encoding="windows-1251"'),
    'win1251',
  );
  await client.upload('import.xml', cp1251);
  t.is((await client.importFile('import.xml')).lines[0], 'success');
  const actor = await admin(gw);
  const names = (await gw.store.records.list(actor, 'Products', { limit: 100 })).map(
    (p) => p.values['productname'],
  );
  // The CRM product with the same name and article is adopted, not duplicated.
  t.is(names.filter((n) => n === 'Женские ботфорты коричневые').length, 1);
  t.is(
    (await gw.store.syncLinks.find('1c', 'default', 'bd72d910-55bc-11d9-848a-00112f43529a'))
      ?.recordId,
    existing.id,
  );
  await client.upload('offers.xml', fixture(OFFERS_208));
  const a = await client.importFile('offers.xml');
  t.is(a.lines[0], 'success', a.text);
});

test('a full snapshot lacking a product deactivates it at mode=deactivate, never deletes it', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const full = fixture(IMPORT_207).toString('utf8');
  let client = await session(gw);
  await client.upload('import.xml', Buffer.from(full));
  t.is((await client.importFile('import.xml')).lines[0], 'success');
  t.regex(
    (await client.call('type=catalog&mode=deactivate')).text,
    /^failure\nmode=deactivate needs the timestamp/,
  );
  // The same full catalog without the boots (the first Товар).
  const start = full.indexOf('<Товар>');
  const without =
    full.slice(0, start) + full.slice(full.indexOf('</Товар>', start) + '</Товар>'.length);
  client = await session(gw);
  await client.upload('import.xml', Buffer.from(without));
  t.is((await client.importFile('import.xml')).lines[0], 'success');
  const link = await gw.store.syncLinks.find(
    '1c',
    'default',
    'bd72d910-55bc-11d9-848a-00112f43529a',
  );
  t.is(
    (await gw.store.records.get(await admin(gw), 'Products', link?.recordId ?? 0))?.values[
      'discontinued'
    ],
    '1',
  );
  t.is(
    (await client.call('type=catalog&mode=deactivate&timestamp=1700000000')).text,
    'success\n1 deactivated',
  );
  const boots = await gw.store.records.get(await admin(gw), 'Products', link?.recordId ?? 0);
  t.is(boots?.values['discontinued'], '0');
  t.is((await client.call('type=catalog&mode=complete')).text, 'success');
});

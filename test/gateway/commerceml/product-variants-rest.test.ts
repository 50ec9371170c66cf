// What the 1C exchange keeps about products, read over REST (gateway/rest/README.md §2 Products,
// gateway/commerceml/README.md §2.3): a characteristic is a Products record whose
// parent_product_id points to its product and whose variant_properties list its
// ХарактеристикиТовара; retrieve adds stock_per_warehouse and taxes; the Variants related list.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { adminClient } from '../../helpers/rest-fixture.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import {
  ADMIN_ACCESS_KEY,
  ADMIN_PASSWORD,
  startOneCGateway,
  type TestGateway,
} from '../../helpers/gateway.js';
import { OneCClient } from './one-c-client.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);
const text = (name: string): string =>
  readFileSync(path.join(FIXTURES, name), 'utf8').replace(/^\uFEFF/, '');
const BOOTS = 'bd72d910-55bc-11d9-848a-00112f43529a';
const STORE_WH = 'b6112590-41ba-11dd-ac9d-0015e9b8c48d';
const SIZE_38 = `${BOOTS}#90c55447-d3a8-11e4-9423-e0cb4ed5eed4`;
// The 2.07 import with a VAT rate on the boots (the first <Описание/> is theirs).
const IMPORT = ((): string => {
  const s = text('carono-yii2-1c-exchange__import_2.07_utf8bom.xml');
  const at = s.indexOf('<Описание/>');
  return `${s.slice(0, at)}<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов>${s.slice(at)}`;
})();
const OFFERS_207 = text('carono-yii2-1c-exchange__offers_2.07_characteristics.xml');
// bigperson's 2.08 offers carry ХарактеристикиТовара (Цвет); their product is made the boots.
const OFFERS_208 = text('bigperson-exchange1c__offers_2.08_with-characteristics.xml').replaceAll(
  'ffce323d-c133-11e8-8111-0050569b2b72',
  BOOTS,
);

async function importAll(gw: TestGateway): Promise<void> {
  // One conversation per file: an upload appends to a file of the same name (§2.1).
  for (const [name, body] of [
    ['import.xml', IMPORT],
    ['offers.xml', OFFERS_207],
    ['offers.xml', OFFERS_208],
  ] as const) {
    const client = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
    await client.checkauth();
    await client.init();
    await client.upload(name, Buffer.from(body), 3000);
    const answer = await client.importFile(name);
    if (answer.lines[0] !== 'success') throw new Error(answer.text);
  }
}

async function recordId(gw: TestGateway, remoteId: string): Promise<string> {
  const link = await gw.store.syncLinks.find('1c', 'default', remoteId);
  if (!link) throw new Error(`no link for ${remoteId}`);
  return `14x${link.recordId}`;
}

test('variants, stock per warehouse and taxes from a 1C import are visible over REST', async (t) => {
  t.timeout(90_000);
  const gw = await startOneCGateway({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
  t.teardown(() => gw.dispose());
  await importAll(gw);
  const rest = await adminClient(gw);
  const boots = await recordId(gw, BOOTS);
  const size38 = await recordId(gw, SIZE_38);

  const describe = await rest.doDescribe('Products');
  if (!describe) return t.fail(JSON.stringify(rest.lastError));
  const fields = describe['fields'] as {
    name: string;
    type: { name: string; refersTo?: string[] };
    editable: boolean;
  }[];
  const parent = fields.find((f) => f.name === 'parent_product_id');
  t.deepEqual(parent?.type, { name: 'reference', refersTo: ['Products'] });
  t.false(parent?.editable);
  t.false(fields.find((f) => f.name === 'variant_properties')?.editable);

  const variants = await rest.doQuery(
    `SELECT productname, parent_product_id, variant_properties FROM Products WHERE parent_product_id = '${boots}';`,
  );
  if (!variants) return t.fail(JSON.stringify(rest.lastError));
  t.true(variants.length >= 4, JSON.stringify(variants));
  t.true(variants.every((v) => v['parent_product_id'] === boots));
  t.true(variants.some((v) => v['id'] === size38));
  t.deepEqual(
    variants
      .filter((v) => v['variant_properties'] !== '')
      .map((v) => v['variant_properties'])
      .sort(),
    ['Цвет: Бежевый', 'Цвет: Желтый'],
  );
  t.deepEqual(
    await rest.doQuery(`SELECT * FROM Products WHERE parent_product_id = '${size38}';`),
    [],
  );

  const product = (await rest.get({ operation: 'retrieve', id: boots })).result as Record<
    string,
    unknown
  >;
  t.is(product['parent_product_id'], null, 'an empty reference is null, as vtiger');
  t.deepEqual(product['taxes'], [{ name: 'НДС', rate: '20' }]);
  t.deepEqual(product['stock_per_warehouse'], []);
  const variant = (await rest.get({ operation: 'retrieve', id: size38 })).result as Record<
    string,
    unknown
  >;
  t.is(variant['parent_product_id'], boots);
  t.deepEqual(variant['stock_per_warehouse'], [
    { warehouse_id: STORE_WH, warehouse_name: 'Магазин "Обувь"', quantity: '20' },
  ]);

  // A retrieved variant sent back whole updates; its 1C fields stay as 1C set them.
  const updated = await rest.post({
    operation: 'update',
    element: JSON.stringify({ ...variant, parent_product_id: '', description: 'edited' }),
  });
  t.true(updated.success, JSON.stringify(updated.error));
  t.is((updated.result as Record<string, string>)['parent_product_id'], boots);

  const types = (await rest.get({ operation: 'relatedtypes', elementType: 'Products' })).result as {
    information: Record<string, { name: string }>;
  };
  t.is(types.information['Variants']?.name, 'Products');
  const related = await rest.get({
    operation: 'retrieve_related',
    id: boots,
    relatedType: 'Products',
    relatedLabel: 'Variants',
  });
  t.deepEqual(
    (related.result as { id: string }[]).map((r) => r.id).sort(),
    variants.map((v) => v['id']).sort(),
  );
  const yellow = await rest.get({
    operation: 'query_related',
    id: boots,
    relatedLabel: 'Variants',
    query: "SELECT productname FROM Products WHERE variant_properties LIKE '%Желтый%'",
  });
  t.deepEqual(
    (yellow.result as { productname: string }[]).map((r) => r.productname),
    ['Test Offer 2'],
  );
  // The variant list is what 1C says: add_related cannot add to it, and changes nothing.
  const other = await rest.doCreate('Products', { productname: 'Not a variant' });
  if (!other) return t.fail(JSON.stringify(rest.lastError));
  const refused = await rest.post({
    operation: 'add_related',
    sourceRecordId: boots,
    relatedRecordId: other['id'] ?? '',
    relationIdLabel: 'Variants',
  });
  t.is(refused.error?.code, 'FAILED_TO_CREATE_RELATION');
  const after = await rest.get({
    operation: 'retrieve_related',
    id: boots,
    relatedType: 'Products',
    relatedLabel: 'Variants',
  });
  t.is((after.result as unknown[]).length, variants.length);
});

test('the console shows a 1C product with its variants, stock per warehouse and taxes, reached from the exchange history', async (t) => {
  t.timeout(90_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  await importAll(gw);
  const boots = (await recordId(gw, BOOTS)).slice(3);
  const size38 = (await recordId(gw, SIZE_38)).slice(3);
  const web = new ConsoleClient(gw.url);
  t.is((await web.login('admin', ADMIN_PASSWORD)).status, 303);

  const history = await (await web.get('/console/exchange')).text();
  t.true(history.includes('href="/console/products"'));
  const list = await (await web.get('/console/products')).text();
  t.regex(list, new RegExp(`<a href="/console/products/${boots}">Женские ботфорты коричневые</a>`));
  t.false(
    list.includes(`href="/console/products/${size38}"`),
    'variants are listed under their product',
  );

  const res = await web.get(`/console/products/${boots}`);
  t.is(res.status, 200);
  const product = await res.text();
  const section = (id: string): string =>
    product.slice(
      product.indexOf(`<table id="${id}">`),
      product.indexOf('</table>', product.indexOf(`<table id="${id}">`)),
    );
  t.true(section('variants').includes(`href="/console/products/${size38}"`));
  t.true(section('variants').includes('Цвет: Желтый'));
  t.regex(section('taxes'), /<td>НДС<\/td><td>20<\/td>/);
  const variant = await (await web.get(`/console/products/${size38}`)).text();
  t.true(variant.includes(`<a href="/console/products/${boots}">Женские ботфорты коричневые</a>`));
  t.regex(
    variant,
    /<td>Магазин &quot;Обувь&quot;<\/td><td><code>b6112590-41ba-11dd-ac9d-0015e9b8c48d<\/code><\/td><td>20<\/td>/,
  );
  t.is((await web.get('/console/products/999999')).status, 404);
  t.is((await web.get('/console/products/abc')).status, 404);
  const fields = await (await web.get('/console/fields')).text();
  t.true(
    fields.includes('stock_per_warehouse') && fields.includes('<code>parent_product_id</code>'),
  );
});

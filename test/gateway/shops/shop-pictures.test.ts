// Product pictures in a catalog push (sync/shop/README.md §4): named in Товар/Картинка and sent as
// files under import_files/ — inside the zip for Bitrix (unpacked at import), as file parts for
// OpenCart with zip=no — and, to a second gateway, kept on its products under the same path.
// A picture the shop already has is not sent again.
import { createHash } from 'node:crypto';
import test from 'ava';
import { addPicture, picturesOf } from '../../../store/commerceml/product-pictures.js';
import { pushCatalog } from '../../../sync/shop/catalog-push.js';
import { sqliteStore } from '../../helpers/store.js';
import { adminActor } from '../commerceml/one-c-client.js';
import { runDeps, smallCatalog } from './shop-fixture.js';
import { secondGateway } from './second-gateway.js';
import { startShopDouble } from './shop-double.js';

// A 1×1 PNG, a little padded so a small file_limit splits it.
const PNG = Buffer.concat([
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
  Buffer.alloc(200, 7),
]);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function picture(fileName = 'boots.png'): {
  fileName: string;
  mime: string;
  sha256: string;
  content: Buffer;
} {
  return { fileName, mime: 'image/png', sha256: sha(PNG), content: PNG };
}

test('Bitrix (zip): the picture goes inside the archive under its Картинка path, and not again in the next push', async (t) => {
  t.timeout(60_000);
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const cat = await smallCatalog(ts.store, ts.admin);
  await addPicture(ts.store.db.knex, cat.boots, picture());
  const shop = await startShopDouble({ flavor: 'bitrix' });
  t.teardown(() => shop.close());
  const deps = runDeps(ts.store);
  const conn = await deps.connections.create({
    name: 'bitrix',
    url: shop.url,
    login: 'admin',
    password: 'secret',
    userId: ts.admin.userId,
  });

  const first = await pushCatalog(deps, conn.id);
  t.is(first.pictures, 1);
  const [doc] = (await picturesOf(ts.store.db.knex, [cat.boots])).get(cat.boots) ?? [];
  const path = `import_files/crm/${doc?.id ?? 0}/boots.png`;
  t.deepEqual(shop.files.get(path), PNG);
  const importXml = shop.files.get('import.xml')?.toString('utf8') ?? '';
  t.regex(importXml, new RegExp(`<Картинка>${path}</Картинка>`));

  await ts.store.records.update(
    ts.admin,
    'Products',
    cat.boots,
    { values: { unit_price: '5100' } },
    'revise',
  );
  const second = await pushCatalog(deps, conn.id);
  t.false(second.full);
  t.is(second.pictures, 0);
  t.false(shop.files.has(path), 'the archive of the second push holds no picture');
  t.regex(shop.files.get('import.xml')?.toString('utf8') ?? '', /<Картинка>/);

  // A picture added to an unchanged product makes it part of the next delta.
  await addPicture(ts.store.db.knex, cat.sneakers, picture('кеды.PNG'));
  const third = await pushCatalog(deps, conn.id);
  t.is(third.pictures, 1);
  t.is(third.products, 1);
  const sneakers = (await picturesOf(ts.store.db.knex, [cat.sneakers])).get(cat.sneakers) ?? [];
  t.deepEqual(shop.files.get(`import_files/crm/${sneakers[0]?.id ?? 0}/____.PNG`), PNG);
});

test('OpenCart (zip=no): each picture is a file of its own, split at file_limit', async (t) => {
  t.timeout(60_000);
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const cat = await smallCatalog(ts.store, ts.admin);
  await addPicture(ts.store.db.knex, cat.boots, picture('import_files/ab/abcdef.png'));
  const shop = await startShopDouble({ flavor: 'opencart', zip: false, fileLimit: 100 });
  t.teardown(() => shop.close());
  const deps = runDeps(ts.store);
  const conn = await deps.connections.create({
    name: 'opencart',
    url: shop.url,
    login: 'admin',
    password: 'secret',
    userId: ts.admin.userId,
  });
  const result = await pushCatalog(deps, conn.id);
  t.is(result.pictures, 1);
  const parts = shop.seen.filter(
    (r) => r.mode === 'file' && r.params.get('filename') === 'import_files/ab/abcdef.png',
  );
  t.is(parts.length, Math.ceil(PNG.length / 100));
  t.deepEqual(shop.files.get('import_files/ab/abcdef.png'), PNG);
  // The picture is uploaded before the imports start, so the shop has it when import.xml names it.
  const firstImport = shop.seen.findIndex((r) => r.mode === 'import');
  const lastPart = shop.seen.lastIndexOf(parts.at(-1) ?? shop.seen[0]!);
  t.true(lastPart < firstImport);
});

test('a second gateway keeps the pushed picture on its product under the same path', async (t) => {
  t.timeout(120_000);
  const { crm, shop, cat, deps, conn } = await secondGateway(t, '/bitrix/admin/1c_exchange.php');
  await addPicture(crm.store.db.knex, cat.boots, picture('import_files/bd/bd72.png'));
  const result = await pushCatalog(deps, conn.id);
  t.is(result.pictures, 1);
  const shopActor = await adminActor(shop);
  const boots = (await shop.store.records.list(shopActor, 'Products', { limit: 10 })).find(
    (p) => p.values['productcode'] === 'Б-41',
  );
  const kept = (await picturesOf(shop.store.db.knex, [boots?.id ?? 0])).get(boots?.id ?? 0) ?? [];
  t.deepEqual(
    kept.map((p) => ({ fileName: p.fileName, sha256: p.sha256 })),
    [{ fileName: 'import_files/bd/bd72.png', sha256: sha(PNG) }],
  );
  // The same import again (a full push resends import.xml, not the picture): the picture stays.
  await pushCatalog(deps, conn.id, { full: true });
  const again = (await picturesOf(shop.store.db.knex, [boots?.id ?? 0])).get(boots?.id ?? 0) ?? [];
  t.deepEqual(
    again.map((p) => p.id),
    kept.map((p) => p.id),
  );
});

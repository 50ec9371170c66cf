// The batched catalog import on SQLite and PostgreSQL: the 2.07 fixtures (groups,
// products, offers with characteristics and per-warehouse stock) give the same records on both
// databases, and a second run of the same files writes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCatalog } from '../../gateway/commerceml/catalog-import.js';
import { productExtras } from '../../store/commerceml/product-extras.js';
import { storeTest } from '../helpers/databases.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/commerceml');
const FILES = [
  'carono-yii2-1c-exchange__import_2.07_utf8bom.xml',
  'carono-yii2-1c-exchange__offers_2.07_characteristics.xml',
];

storeTest(
  '2.07 import and offers: records, variants and stock; the repeat changes nothing',
  async (t, { store, admin }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-store-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const run = (name: string) =>
      importCatalog({
        store,
        actor: admin,
        connection: 'default',
        file: path.join(FIXTURES, name),
        workDir: dir,
        onProgress: () => Promise.resolve(),
      });
    const first = [await run(FILES[0] ?? ''), await run(FILES[1] ?? '')];
    t.like(first[0], { created: 24, updated: 0 });
    t.like(first[1], { created: 5, updated: 0, skipped: 0 });
    t.is(await store.records.count(admin, 'Catalogs'), 22);
    t.is(await store.records.count(admin, 'Products'), 7);
    const boots = await store.syncLinks.find(
      '1c',
      'default',
      'bd72d910-55bc-11d9-848a-00112f43529a',
    );
    const extras = await productExtras(store.db.knex, boots?.recordId ?? 0);
    t.is(extras.variants.length, 2);
    const variant = extras.variants[0]
      ? await productExtras(store.db.knex, extras.variants[0].variantId)
      : null;
    t.is(variant?.stock.length, 1);
    t.is(variant?.stock[0]?.warehouseName, 'Магазин "Обувь"');
    const seq = await store.changeLog.latestSeq();
    const again = [await run(FILES[0] ?? ''), await run(FILES[1] ?? '')];
    t.like(again[0], { created: 0, updated: 0, unchanged: 24 });
    t.like(again[1], { created: 0, updated: 0 });
    t.is(await store.changeLog.latestSeq(), seq);
  },
);

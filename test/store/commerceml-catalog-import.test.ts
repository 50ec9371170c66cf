// The batched catalog import on SQLite and PostgreSQL: the 2.07 fixtures (groups,
// products, offers with characteristics and per-warehouse stock) give the same records on both
// databases, and a second run of the same files writes nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { productExtras } from '../../store/commerceml/product-extras.js';
import { storeTest } from '../helpers/databases.js';
import { importFile } from '../helpers/catalog-import.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/commerceml');
const BOOTS = 'bd72d910-55bc-11d9-848a-00112f43529a';
const FILES = [
  'carono-yii2-1c-exchange__import_2.07_utf8bom.xml',
  'carono-yii2-1c-exchange__offers_2.07_characteristics.xml',
];

storeTest(
  '2.07 import and offers: records, variants and stock; the repeat changes nothing',
  async (t, { store, admin }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-store-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const run = (name: string) => importFile(store, admin, path.join(FIXTURES, name), dir);
    const first = [await run(FILES[0] ?? ''), await run(FILES[1] ?? '')];
    t.like(first[0], { created: 24, updated: 0 });
    t.like(first[1], { created: 5, updated: 0, skipped: 0 });
    t.is(await store.records.count(admin, 'Catalogs'), 22);
    t.is(await store.records.count(admin, 'Products'), 7);
    const boots = await store.syncLinks.find('1c', 'default', BOOTS);
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

storeTest(
  'tax rates of products created in a batch are inserted without a delete; a later change replaces them',
  async (t, { store, admin }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-store-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const source = readFileSync(path.join(FIXTURES, FILES[0] ?? ''), 'utf8');
    const at = source.indexOf('<Описание/>');
    const withRate = (rate: string): string =>
      source.slice(0, at) +
      `<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>${rate}</Ставка></СтавкаНалога></СтавкиНалогов>` +
      source.slice(at);
    const run = async (rate: string): Promise<string[]> => {
      const file = path.join(dir, `import-${rate}.xml`);
      writeFileSync(file, withRate(rate));
      const statements: string[] = [];
      const log = (q: { sql: string }): void => {
        statements.push(q.sql);
      };
      store.db.knex.on('query', log);
      try {
        await importFile(store, admin, file, dir);
      } finally {
        store.db.knex.off('query', log);
      }
      return statements;
    };
    const taxDeletes = (statements: readonly string[]): number =>
      statements.filter((s) => /^delete from .product_taxes./i.test(s)).length;
    const rates = async (): Promise<(string | null)[]> => {
      const link = await store.syncLinks.find('1c', 'default', BOOTS);
      return (await productExtras(store.db.knex, link?.recordId ?? 0)).taxes.map(
        (x) => x.percentage,
      );
    };
    t.is(taxDeletes(await run('20')), 0, 'new records have no rates to delete');
    t.deepEqual(await rates(), ['20']);
    t.true(taxDeletes(await run('10')) > 0);
    t.deepEqual(await rates(), ['10'], 'the changed rate replaced the stored one');
  },
);

// mode=deactivate/complete after a full snapshot (gateway/commerceml/README.md §2.3) in bulk, on
// SQLite and PostgreSQL: 3,000 linked products that the session's full catalog lacked are
// deactivated — never deleted — in bounded time, each with one change-log row, while the one the
// catalog named stays active and a second call finds nothing left to do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deactivateMissing } from '../../gateway/commerceml/snapshot.js';
import { readFields } from '../../store/records/bulk-writer.js';
import { storeTest } from '../helpers/databases.js';
import { importFile } from '../helpers/catalog-import.js';

const N = 3000;
const id = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function fullCatalog(ids: readonly number[]): string {
  const goods = ids
    .map(
      (i) =>
        `<Товар><Ид>${id(i)}</Ид><Артикул>A-${i}</Артикул><Наименование>Товар ${i}</Наименование></Товар>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация ВерсияСхемы="2.07"><Каталог СодержитТолькоИзменения="false"><Ид>c</Ид><Наименование>Каталог</Наименование>
<Товары>${goods}</Товары></Каталог></КоммерческаяИнформация>`;
}

storeTest(
  `a full snapshot naming 1 of ${N + 1} products deactivates the other ${N} in bulk, with change-log rows, deleting none`,
  async (t, { store, admin }) => {
    t.timeout(180_000);
    const dirs = [
      mkdtempSync(path.join(tmpdir(), 'gw-cml-deact-')),
      mkdtempSync(path.join(tmpdir(), 'gw-cml-deact-')),
    ];
    t.teardown(() => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });
    const run = async (dir: string, ids: readonly number[]) => {
      const file = path.join(dir, 'import.xml');
      writeFileSync(file, fullCatalog(ids));
      return importFile(store, admin, file, dir);
    };
    const all = Array.from({ length: N + 1 }, (_, i) => i);
    t.like(await run(dirs[0] ?? '', all), { created: N + 1 });
    // The second session's full catalog names only product 0.
    await run(dirs[1] ?? '', [0]);
    const links = await store.db
      .knex('sync_links')
      .where({ system: '1c', connection: 'default' })
      .orderBy('record_id')
      .select<{ record_id: number; remote_id: string }[]>('record_id', 'remote_id');
    t.is(links.length, N + 1);
    const kept = Number(links.find((l) => l.remote_id === id(0))?.record_id);
    const seq = await store.changeLog.latestSeq();

    const started = Date.now();
    t.is(await deactivateMissing(store, admin, 'default', dirs[1] ?? ''), N);
    const elapsed = Date.now() - started;
    t.true(elapsed < 60_000, `${elapsed} ms`);
    t.log(`${N} deactivated in ${elapsed} ms`);

    const values = await readFields(
      store.db.knex,
      'Products',
      links.map((l) => Number(l.record_id)),
      ['discontinued'],
    );
    t.is(values.size, N + 1, 'no product was deleted');
    const inactive = [...values].filter(([, v]) => v['discontinued'] === '0').map(([rid]) => rid);
    t.is(inactive.length, N);
    t.false(inactive.includes(kept));
    t.is(values.get(kept)?.['discontinued'], '1');
    await store.changeLog.publish(); // committed changes get their seq (store/change-log.ts)
    const changes = await store.db
      .knex('change_log')
      .where('seq', '>', seq)
      .select<{ record_id: number; operation: string; module: string }[]>(
        'record_id',
        'operation',
        'module',
      );
    t.is(changes.length, N);
    t.true(changes.every((c) => c.operation === 'update' && c.module === 'Products'));
    t.deepEqual(
      changes.map((c) => Number(c.record_id)).sort((a, b) => a - b),
      inactive.sort((a, b) => a - b),
    );
    t.is(
      await store.db
        .knex('cml_snapshot_ids')
        .count<{ n: number }[]>({ n: '*' })
        .then((r) => Number(r[0]?.n)),
      0,
    );
    // The snapshot was settled: a second deactivate has nothing to work from.
    t.is(await deactivateMissing(store, admin, 'default', dirs[1] ?? ''), null);
  },
);

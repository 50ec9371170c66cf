// The bulk write path of the 1C catalog import on SQLite and PostgreSQL: records created and
// revised in batches carry the same numbers, times, owner, labels, picklist growth and
// change-log rows as records written one by one, across the statement chunking limits; batched
// sync links (SyncLinkRepository.findMany/upsertMany) are found and moved as find/upsert do.
import { adoptableRecords, liveModules } from '../../store/commerceml/link-batch.js';
import { BulkRecordWriter, chunked, readRecords } from '../../store/records/bulk-writer.js';
import { storeTest } from '../helpers/databases.js';

storeTest(
  'bulk create and revise: numbers, labels, picklists, change log, chunked over 400 rows',
  async (t, { store, admin }) => {
    const bulk = new BulkRecordWriter(store.picklists);
    const before = await store.changeLog.latestSeq();
    const n = 905;
    const ids = await store.db.knex.transaction((trx) =>
      bulk.create(
        trx,
        admin,
        'Products',
        Array.from({ length: n }, (_, i) => ({
          productname: `Item ${i}`,
          productcode: `A-${i}`,
          usageunit: i % 2 === 0 ? 'упак' : 'шт',
          unit_price: String(i),
        })),
      ),
    );
    t.is(ids.length, n);
    t.is(new Set(ids).size, n);
    const first = await store.records.get(admin, 'Products', ids[0] ?? 0);
    const lastRec = await store.records.get(admin, 'Products', ids[n - 1] ?? 0);
    t.is(first?.values['productname'], 'Item 0');
    t.is(lastRec?.values['productname'], `Item ${n - 1}`);
    t.is(lastRec?.values['productcode'], `A-${n - 1}`);
    t.is(first?.label, 'Item 0');
    t.deepEqual(first?.owner, { kind: 'user', id: admin.userId });
    t.is(first?.values['discontinued'], '1', 'defaults fill a new record');
    const numbers = [first?.recordNo, lastRec?.recordNo].map((r) =>
      Number(String(r).replace(/\D/g, '')),
    );
    t.is((numbers[1] ?? 0) - (numbers[0] ?? 0), n - 1);
    // The next single create continues the numbering.
    const single = await store.records.create(admin, 'Products', {
      values: { productname: 'Single' },
    });
    t.is(Number(String(single.recordNo).replace(/\D/g, '')), (numbers[1] ?? 0) + 1);
    t.true((await store.picklists.values('Products', 'usageunit')).includes('упак'));
    const changes = await store.changeLog.since(before, { limit: 5000 });
    t.is(changes.filter((c) => c.operation === 'create').length, n + 1);

    const mid = await store.changeLog.latestSeq();
    const updates = new Map<number, Record<string, string>>(
      ids
        .slice(0, 450)
        .map((id, i): [number, Record<string, string>] => [
          id,
          i % 3 === 0 ? { unit_price: '9.5' } : { productname: `Renamed ${i}` },
        ]),
    );
    await store.db.knex.transaction((trx) =>
      bulk.revise(trx, admin, 'Products', 'public_rw', updates),
    );
    const r0 = await store.records.get(admin, 'Products', ids[0] ?? 0);
    const r1 = await store.records.get(admin, 'Products', ids[1] ?? 0);
    t.is(r0?.values['unit_price'], '9.50000000');
    t.is(r0?.values['productname'], 'Item 0', 'revise leaves other fields');
    t.is(r1?.values['productname'], 'Renamed 1');
    t.is(r1?.label, 'Renamed 1');
    t.is(r1?.values['productcode'], 'A-1');
    t.is(r1?.createdTime, first?.createdTime);
    t.is(
      r1?.recordNo,
      (await readRecords(store.db.knex, 'Products', [ids[1] ?? 0])).get(ids[1] ?? 0)?.recordNo,
    );
    t.is(
      (await store.changeLog.since(mid, { limit: 5000 })).filter((c) => c.operation === 'update')
        .length,
      450,
    );
  },
);

storeTest(
  'a revise of a missing record fails the whole batch and writes nothing',
  async (t, { store, admin }) => {
    const bulk = new BulkRecordWriter(store.picklists);
    const a = await store.records.create(admin, 'Products', { values: { productname: 'A' } });
    const seq = await store.changeLog.latestSeq();
    await t.throwsAsync(
      store.db.knex.transaction((trx) =>
        bulk.revise(
          trx,
          admin,
          'Products',
          'public_rw',
          new Map([
            [a.id, { productname: 'B' }],
            [999_999, { productname: 'C' }],
          ]),
        ),
      ),
      { message: /does not exist/ },
    );
    t.is((await store.records.get(admin, 'Products', a.id))?.values['productname'], 'A');
    t.is(await store.changeLog.latestSeq(), seq);
    await t.throwsAsync(
      store.db.knex.transaction((trx) => bulk.create(trx, admin, 'SalesOrder', [{ subject: 'x' }])),
      { message: /cannot be written in bulk/ },
    );
  },
);

storeTest(
  'batched sync links: found by remote id, moved, adoption skips linked records',
  async (t, { store, admin }) => {
    const a = await store.records.create(admin, 'Products', {
      values: { productname: 'Same', productcode: 'X1' },
    });
    const b = await store.records.create(admin, 'Products', {
      values: { productname: 'Same', productcode: 'X1' },
    });
    const c = await store.records.create(admin, 'Products', { values: { productname: 'No code' } });
    await store.db.knex.transaction((trx) =>
      store.syncLinks.upsertMany(
        [
          {
            system: '1c',
            connection: 'default',
            remoteId: 'r1',
            recordId: a.id,
            module: 'Products',
            remoteEtag: null,
            contentHash: 'h1',
          },
        ],
        trx,
      ),
    );
    const found = await store.syncLinks.findMany('1c', 'default', ['r1', 'r2', '']);
    t.deepEqual([...found.keys()], ['r1']);
    t.like(found.get('r1'), { recordId: a.id, contentHash: 'h1' });
    t.like(await store.syncLinks.find('1c', 'default', 'r1'), {
      recordId: a.id,
      contentHash: 'h1',
    });
    const target = { module: 'Products', table: 'mod_products', system: '1c' };
    const fields = { nameField: 'productname', codeField: 'productcode' };
    // a is linked, so only b and c may be adopted; a record without an article reads as ''.
    t.deepEqual(await adoptableRecords(store.db.knex, store.syncLinks, target, fields), [
      { id: b.id, name: 'Same', code: 'X1' },
      { id: c.id, name: 'No code', code: '' },
    ]);
    t.deepEqual(
      await adoptableRecords(store.db.knex, store.syncLinks, target, fields, [a.id, c.id]),
      [{ id: c.id, name: 'No code', code: '' }],
    );
    await store.db.knex.transaction((trx) =>
      store.syncLinks.upsertMany(
        [
          {
            system: '1c',
            connection: 'default',
            remoteId: 'r1',
            recordId: b.id,
            module: 'Products',
            remoteEtag: null,
            contentHash: 'h2',
          },
        ],
        trx,
      ),
    );
    t.like(await store.syncLinks.find('1c', 'default', 'r1'), {
      recordId: b.id,
      contentHash: 'h2',
    });
    await store.recycleBin.delete(admin, 'Products', c.id);
    const live = await liveModules(store.db.knex, [a.id, c.id]);
    t.deepEqual([...live.entries()], [[a.id, 'Products']]);
    t.deepEqual(
      chunked([1, 2, 3, 4, 5], 15_000).map((p) => p.length),
      [2, 2, 1],
    );
  },
);

storeTest(
  'bulk revise reads only owner and label, stamps the modified time in one statement, writes changed labels only',
  async (t, { store, admin }) => {
    const bulk = new BulkRecordWriter(store.picklists);
    const ids = await store.db.knex.transaction((trx) =>
      bulk.create(trx, admin, 'Products', [
        { productname: 'Kept', unit_price: '1' },
        { productname: 'Old name', unit_price: '2' },
        { productname: 'Untouched', unit_price: '3' },
      ]),
    );
    const [kept, renamed, untouched] = ids as [number, number, number];
    const old = '2020-01-02 03:04:05';
    await store.db.knex('crm_entities').whereIn('id', ids).update({ modifiedtime: old });
    const before = await readRecords(store.db.knex, 'Products', ids);
    const seq = await store.changeLog.latestSeq();
    const statements: string[] = [];
    const log = (q: { sql: string }): void => {
      statements.push(q.sql);
    };
    store.db.knex.on('query', log);
    try {
      await store.db.knex.transaction((trx) =>
        bulk.revise(
          trx,
          admin,
          'Products',
          'public_rw',
          new Map<number, Record<string, string>>([
            [kept, { unit_price: '10' }],
            [renamed, { productname: 'New name' }],
          ]),
        ),
      );
    } finally {
      store.db.knex.off('query', log);
    }
    // An offers batch changes prices: whole rows (27 columns, converted) are not read for it, and
    // the entity rows are stamped by one UPDATE, the one changed label by another.
    t.false(
      statements.some((s) => s.includes('`e`.*') || s.includes('"e".*')),
      statements.join('\n'),
    );
    const entityWrites = statements.filter((s) => /crm_entities/.test(s) && !/^select/i.test(s));
    t.is(entityWrites.length, 2, entityWrites.join('\n'));
    const after = await readRecords(store.db.knex, 'Products', ids);
    t.is(after.get(kept)?.label, 'Kept');
    t.is(after.get(kept)?.values['unit_price'], '10.00000000');
    t.is(after.get(renamed)?.label, 'New name');
    for (const id of [kept, renamed]) {
      t.not(after.get(id)?.modifiedTime, old);
      t.is(after.get(id)?.modifiedBy, admin.userId);
      t.is(after.get(id)?.createdTime, before.get(id)?.createdTime);
      t.is(after.get(id)?.recordNo, before.get(id)?.recordNo);
      t.deepEqual(after.get(id)?.owner, before.get(id)?.owner);
    }
    t.is(after.get(untouched)?.modifiedTime, old);
    t.is(after.get(untouched)?.label, 'Untouched');
    const changes = await store.changeLog.since(seq, { limit: 10 });
    t.deepEqual(
      changes.map((c) => [c.recordId, c.operation]).sort(),
      [
        [kept, 'update'],
        [renamed, 'update'],
      ].sort(),
    );
  },
);

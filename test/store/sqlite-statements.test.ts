// Reads of a record by id on SQLite go through one cached prepared statement per module
// (store/sqlite-statements.ts) instead of preparing the join on every call, see the same
// rows, read inside a transaction through its connection, and let the store close.
import test, { type ExecutionContext } from 'ava';
import { compileVtql } from '../../gateway/rest/vtql/to-record-query.js';
import { getModule } from '../../store/modules/registry.js';
import { runRecordQuery } from '../../store/records/record-query.js';
import { openStore, type Store } from '../../store/store.js';
import { sqliteStore } from '../helpers/store.js';

interface Preparing {
  prepare(sql: string, ...rest: unknown[]): unknown;
  all(sql: string, ...rest: unknown[]): unknown;
}

/**
 * Counts the statements of `counted` that the pool's one SQLite connection prepares from now on
 * (until the test ends): knex runs each query as connection.all(sql) or through prepare(sql).
 */
async function countPrepares(
  t: ExecutionContext,
  store: Store,
  counted: (sql: string) => boolean,
): Promise<() => number> {
  const client = store.db.knex.client as {
    acquireConnection(): Promise<Preparing>;
    releaseConnection(c: Preparing): Promise<void>;
  };
  const connection = await client.acquireConnection();
  await client.releaseConnection(connection);
  let prepared = 0;
  const original = {
    prepare: connection.prepare.bind(connection),
    all: connection.all.bind(connection),
  };
  connection.prepare = (sql: string, ...rest: unknown[]): unknown => {
    if (counted(sql)) prepared++;
    return original.prepare(sql, ...rest);
  };
  connection.all = (sql: string, ...rest: unknown[]): unknown => {
    if (counted(sql)) prepared++;
    return original.all(sql, ...rest);
  };
  t.teardown(() => {
    connection.prepare = original.prepare;
    connection.all = original.all;
  });
  return () => prepared;
}

test('record queries of one shape prepare their statement once, whatever the values', async (t) => {
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const { store, admin } = ts;
  for (const name of ['Meyer', 'Mertens', 'Schulz'])
    await store.records.create(admin, 'Contacts', { values: { lastname: name } });
  const prepared = await countPrepares(t, store, (sql) => sql.includes('mod_contacts'));
  const found: string[][] = [];
  for (const prefix of ['Me', 'Sch', 'Mer']) {
    const q = compileVtql(`SELECT * FROM Contacts WHERE lastname LIKE '${prefix}%';`, {
      maxRows: 100,
    });
    const result = await runRecordQuery(store.db.knex, store.sharing, admin, q);
    found.push(('records' in result ? result.records : []).map((r) => r.values['lastname'] ?? ''));
  }
  t.deepEqual(found, [['Meyer', 'Mertens'], ['Schulz'], ['Mertens']]);
  t.is(prepared(), 1);
});

test('reading records by id prepares the statement once per module', async (t) => {
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const { store, admin } = ts;
  const ids: number[] = [];
  for (const name of ['Ada', 'Bea', 'Cid'])
    ids.push((await store.records.create(admin, 'Contacts', { values: { lastname: name } })).id);
  // Without the cache knex runs each read as connection.all(sql), which prepares it anew.
  const prepared = await countPrepares(t, store, () => true);
  const def = getModule('Contacts');
  const names: (string | null | undefined)[] = [];
  for (const round of [1, 2])
    for (const id of ids) {
      const record = await store.records.read(def, id);
      if (round === 2) names.push(record?.values['lastname']);
    }
  t.deepEqual(names, ['Ada', 'Bea', 'Cid']);
  t.true(prepared() <= 1, `prepared ${prepared()} times for 6 reads`);
});

test('reads inside a write transaction use its connection; the store closes and reopens', async (t) => {
  const ts = await sqliteStore();
  const { store, admin } = ts;
  const def = getModule('Contacts');
  const id = (await store.records.create(admin, 'Contacts', { values: { lastname: 'Old' } })).id;
  // update reads the record inside its transaction, which holds the pool's one connection: a
  // read that asked the pool instead would wait for ever.
  await store.records.update(admin, 'Contacts', id, { values: { lastname: 'New' } }, 'revise');
  t.is((await store.records.read(def, id))?.values['lastname'], 'New');
  const file = store.db.file ?? '';
  await store.close();
  const again = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  try {
    t.is((await again.records.read(def, id))?.values['lastname'], 'New');
  } finally {
    await again.close();
    await ts.dispose().catch(() => undefined);
  }
});

import test from 'ava';
import { storeTest } from '../helpers/databases.js';
import { freshPgDatabase } from '../helpers/pg-database.js';
import { pgStore } from '../helpers/store.js';
import { requirePeer } from '../helpers/peers.js';

storeTest(
  'every create, update, delete, restore and purge appends, in order, even within one second',
  async (t, { store, admin }) => {
    const start = await store.changeLog.latestSeq();
    const a = await store.records.create(admin, 'Accounts', { values: { accountname: 'A' } });
    await store.records.update(admin, 'Accounts', a.id, { values: { phone: '1' } }, 'revise');
    await store.recycleBin.delete(admin, 'Accounts', a.id);
    await store.recycleBin.restore(admin, [a.id]);
    await store.recycleBin.delete(admin, 'Accounts', a.id);
    await store.recycleBin.purge(admin, [a.id]);
    const changes = await store.changeLog.since(start);
    t.deepEqual(
      changes.map((c) => c.operation),
      ['create', 'update', 'delete', 'restore', 'delete', 'purge'],
    );
    t.true(changes.every((c) => c.recordId === a.id && c.module === 'Accounts'));
    for (let i = 1; i < changes.length; i++)
      t.true((changes[i]?.seq ?? 0) > (changes[i - 1]?.seq ?? 0));
    // paging by sequence loses nothing
    const page1 = await store.changeLog.since(start, { limit: 4 });
    const page2 = await store.changeLog.since(page1.at(-1)?.seq ?? 0, { limit: 4 });
    t.deepEqual(
      [...page1, ...page2].map((c) => c.seq),
      changes.map((c) => c.seq),
    );
    t.deepEqual(await store.changeLog.since(start, { modules: ['Contacts'] }), []);
  },
);

test('concurrent writers on PostgreSQL: a reader polling the log never skips a change', async (t) => {
  t.timeout(60_000);
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  const ts = await pgStore(pg.url, pg.drop);
  try {
    const { store, admin } = ts;
    const seen: number[] = [];
    let last = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        for (const c of await store.changeLog.since(last, { limit: 50 })) {
          seen.push(c.recordId);
          last = c.seq;
        }
      }
    })();
    const writers = Array.from({ length: 6 }, (_, w) =>
      (async () => {
        const ids: number[] = [];
        for (let i = 0; i < 25; i++)
          ids.push(
            (await store.records.create(admin, 'Leads', { values: { lastname: `w${w}-${i}` } })).id,
          );
        return ids;
      })(),
    );
    const created = (await Promise.all(writers)).flat();
    writing = false;
    await reader;
    for (const c of await store.changeLog.since(last)) seen.push(c.recordId);
    t.is(seen.length, created.length);
    t.deepEqual(
      [...seen].sort((x, y) => x - y),
      [...created].sort((x, y) => x - y),
    );
  } finally {
    await ts.dispose();
  }
});

// The bridge watcher asks every second on every replica whether some link has work
// (sync/jobs.ts): one query answers it, however many links there are, instead of listing them
// all (store/bridges/link-repository.ts anyPending).
import { BridgeLease } from '../../store/bridges/lease.js';
import { BridgeLinkRepository } from '../../store/bridges/link-repository.js';
import { BridgeObjectRepository } from '../../store/bridges/object-repository.js';
import { SecretBox } from '../../store/secrets.js';
import { BridgeLinkBook } from '../../sync/link-book.js';
import { LinkRunner } from '../../sync/runner.js';
import { storeTest } from '../helpers/databases.js';

const SYSTEM = 'memory-bridge';
const LINKS = 40;

storeTest('pending() is one query returning at most one row over many links', async (t, ts) => {
  t.timeout(120_000);
  const knex = ts.store.db.knex;
  const links = new BridgeLinkRepository(knex, new SecretBox(Buffer.alloc(32, 3)), SYSTEM);
  for (let i = 0; i < LINKS; i++)
    await links.create({
      userId: ts.admin.userId,
      kind: 'memory',
      endpoint: `memory:${i}`,
      settings: {},
      secrets: { token: 't' },
    });
  const runner = new LinkRunner({
    store: ts.store,
    system: SYSTEM,
    noun: 'memory link',
    book: new BridgeLinkBook(links, new BridgeObjectRepository(knex, SYSTEM)),
    lease: new BridgeLease(knex),
    open: () => Promise.reject(new Error('no sync in this test')),
  });
  let queries = 0;
  let rows = 0;
  const onQuery = (): void => void (queries += 1);
  const onResponse = (response: unknown): void => {
    if (Array.isArray(response)) rows += response.length;
    else if (response && typeof response === 'object' && 'rows' in response)
      rows += (response as { rows: unknown[] }).rows.length;
  };
  const measured = async (): Promise<boolean> => {
    queries = 0;
    rows = 0;
    knex.on('query', onQuery).on('query-response', onResponse);
    try {
      return await runner.pending();
    } finally {
      knex.off('query', onQuery).off('query-response', onResponse);
    }
  };

  t.true(await measured(), 'new links wait for their first sync');
  t.is(queries, 1);
  t.true(rows <= 1, `${rows} rows read`);

  await knex('bridge_links').where({ system: SYSTEM }).update({ first_sync_done: true });
  t.false(await measured(), 'synced links with no change after them have no work');
  t.is(queries, 1);
  t.is(rows, 0);

  await ts.store.records.create(ts.admin, 'Accounts', { values: { accountname: 'Acme' } });
  await ts.store.changeLog.publish();
  t.true(await measured(), 'a CRM change after their position is work');
  t.is(queries, 1);
});

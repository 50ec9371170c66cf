// /readyz answers while a write transaction holds SQLite's one write connection (store/db.ts: WAL
// and a second, query-only connection for such reads; gateway/commerceml/README.md §6.8): a
// long catalog batch must not make a load balancer take the gateway out of service.
import test from 'ava';
import { startTestGateway } from '../../helpers/gateway.js';

test('/readyz answers at once while a write transaction is open on SQLite', async (t) => {
  t.timeout(30_000);
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const journal = (await gw.store.db.knex.raw('PRAGMA journal_mode')) as { journal_mode: string }[];
  t.is(journal[0]?.journal_mode, 'wal');
  let release = (): void => undefined;
  const released = new Promise<void>((r) => (release = r));
  let begun = (): void => undefined;
  const inside = new Promise<void>((r) => (begun = r));
  const writer = gw.store.db.knex.transaction(async (trx) => {
    await trx('settings').insert({ key: 'test.readyz', value: '1', updated_at: 'x' });
    begun();
    await released;
  });
  await inside;
  const t0 = performance.now();
  // Before the read connection, /readyz queued behind the transaction: cut off after 3 s.
  const status = await fetch(`${gw.url}/readyz`, { signal: AbortSignal.timeout(3000) }).then(
    (res) => res.status,
    () => 0,
  );
  const took = performance.now() - t0;
  release();
  await writer;
  t.is(status, 200);
  t.true(took < 1000, `/readyz took ${took.toFixed(0)} ms behind a write transaction`);
});

test('the read connection refuses writes and reads what the writer committed', async (t) => {
  t.timeout(30_000);
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  await gw.store.db.knex('settings').insert({ key: 'test.reader', value: 'seen', updated_at: 'x' });
  const row = (await gw.store.db.reader('settings').where({ key: 'test.reader' }).first()) as
    { value: string } | undefined;
  t.is(row?.value, 'seen');
  await t.throwsAsync(
    gw.store.db.reader('settings').insert({ key: 'test.other', value: 'x', updated_at: 'x' }),
    {
      message: /readonly/i,
    },
  );
  t.is(await gw.store.db.knex('settings').where({ key: 'test.other' }).first(), undefined);
});

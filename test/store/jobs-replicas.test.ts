// Three schedulers, one knex pool each as replicas have, on one PostgreSQL: each due time of a
// job is run by exactly one of them (store/jobs/job-repository.ts claims with FOR UPDATE SKIP
// LOCKED and a conditional UPDATE, on the database's clock).
import test from 'ava';
import { JobWorker } from '../../store/jobs/worker.js';
import { openStore, type Store } from '../../store/store.js';
import { freshPgDatabase } from '../helpers/pg-database.js';
import { requirePeer } from '../helpers/peers.js';

const DUE_TIMES = 15;

test('three schedulers on separate pools run each due time exactly once [postgres]', async (t) => {
  t.timeout(180_000);
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  const stores: Store[] = [];
  t.teardown(async () => {
    for (const s of stores) await s.close();
    await pg.drop();
  });
  for (let i = 0; i < 3; i++) stores.push(await openStore({ kind: 'pg', url: pg.url, poolMax: 2 }));
  const runs: number[] = [];
  let due = 0;
  const workers = stores.map(
    (s, i) => new JobWorker(s.jobs, { leaseMs: 30_000, workerId: `replica-${i}` }),
  );
  for (const [i, w] of workers.entries())
    await w.register(
      { name: 'feeds.fetch', description: '', schedule: { kind: 'interval', seconds: 3600 } },
      async () => void runs.push(i),
    );
  const first = stores[0] as Store;
  // The first run is due at once (an interval job); later ones are asked for by run now.
  for (let round = 0; round < DUE_TIMES; round++) {
    if (round > 0) await first.jobs.runNow('feeds.fetch');
    due += 1;
    const claimed = await Promise.all(workers.map((w) => w.runOnce()));
    t.is(
      claimed.reduce((a, b) => a + b, 0),
      1,
      `due time ${round}: one claim among the three`,
    );
  }
  t.is(runs.length, due);
  t.like(await first.jobs.get('feeds.fetch'), { status: 'ok', runRequested: false });
  t.log(`runs per replica: ${[0, 1, 2].map((i) => runs.filter((r) => r === i).length).join(', ')}`);
});

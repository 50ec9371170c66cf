// The jobs of sync/shop/shop-jobs.ts on the real JobWorker: a due push job pushes to a shop
// double and writes the exchange history as the command line does; a disabled connection's jobs
// run but reach no shop and write nothing; a bad stored schedule is refused at creation.
import test from 'ava';
import { JobWorker } from '../../../store/jobs/worker.js';
import { registerShopJobs, shopOrdersJob, shopPushJob } from '../../../sync/shop/shop-jobs.js';
import { sqliteStore } from '../../helpers/store.js';
import { runDeps, smallCatalog } from './shop-fixture.js';
import { startShopDouble } from './shop-double.js';

test('a due push job pushes to the shop and records the history; a disabled shop is not run', async (t) => {
  t.timeout(60_000);
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  await smallCatalog(ts.store, ts.admin);
  const on = await startShopDouble({ flavor: 'bitrix', saleQuery: Buffer.alloc(0) });
  t.teardown(() => on.close());
  const off = await startShopDouble({ flavor: 'opencart', saleQuery: Buffer.alloc(0) });
  t.teardown(() => off.close());
  const deps = runDeps(ts.store);
  const base = { login: 'admin', password: 'secret', userId: ts.admin.userId };
  const a = await deps.connections.create({
    ...base,
    name: 'on',
    url: on.url,
    pushSchedule: '900',
  });
  const b = await deps.connections.create({ ...base, name: 'off', url: off.url });
  await deps.connections.setActive(b.id, false);

  const worker = new JobWorker(ts.store.jobs, { stopTimeoutMs: 2000 });
  t.teardown(() => worker.stop());
  const runs: string[] = [];
  await registerShopJobs(worker, deps, ts.store, { onRun: (id, run) => runs.push(`${id}:${run}`) });
  t.deepEqual((await ts.store.jobs.get(shopPushJob(a.id)))?.schedule, {
    kind: 'interval',
    seconds: 900,
  });
  t.is(await worker.runOnce(), 4, 'two jobs per connection, all due at first');

  t.is((await ts.store.jobs.get(shopPushJob(a.id)))?.status, 'ok');
  t.is((await ts.store.jobs.get(shopOrdersJob(a.id)))?.status, 'ok');
  t.true(on.seen.some((r) => r.type === 'catalog' && r.mode === 'import'));
  t.true(on.seen.some((r) => r.type === 'sale' && r.mode === 'query'));
  t.is(off.seen.length, 0, 'a disabled shop is never called');
  t.deepEqual(
    runs.sort(),
    [`${a.id}:exchanged`, `${a.id}:pushed`, `${b.id}:skipped`, `${b.id}:skipped`].sort(),
  );

  const history = await ts.store.exchangeLog.list({ system: 'shop' });
  t.deepEqual(history.map((h) => [h.connection, h.direction, h.status]).sort(), [
    [String(a.id), 'inbound', 'ok'],
    [String(a.id), 'outbound', 'ok'],
  ]);
  t.not((await deps.connections.mustGet(a.id)).pushedUntil, null, 'the cursor moved');
  t.is((await deps.connections.mustGet(b.id)).pushedUntil, null);
});

test('a schedule that is neither seconds nor cron is refused and nothing is stored', async (t) => {
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const deps = runDeps(ts.store);
  const base = { name: 'x', url: 'http://127.0.0.1:1/', login: 'a', password: 'p' };
  for (const pushSchedule of ['every hour', '5', '* * *', '10:00'])
    await t.throwsAsync(
      deps.connections.create({ ...base, userId: ts.admin.userId, pushSchedule }),
      { message: /schedule|interval/ },
      pushSchedule,
    );
  t.deepEqual(await deps.connections.list(), []);
  const ok = await deps.connections.create({
    ...base,
    userId: ts.admin.userId,
    ordersSchedule: '*/15  * * * *',
  });
  t.is(ok.ordersSchedule, '*/15 * * * *');
});

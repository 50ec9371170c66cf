// Durable jobs (store/jobs): the cron panel's fields, scheduling, retries with backoff, leases
// that survive crashes and restarts, and at-most-once runs across processes.
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isGatewayError } from '../../store/errors.js';
import { JobRepository, LEASE_EXPIRED_ERROR, type Job } from '../../store/jobs/job-repository.js';
import { JobWorker } from '../../store/jobs/worker.js';
import { openStore, type Store } from '../../store/store.js';
import { storeTest } from '../helpers/databases.js';
import { freshPgDatabase } from '../helpers/pg-database.js';
import { pgStore } from '../helpers/store.js';
import { requirePeer } from '../helpers/peers.js';

class Clock {
  constructor(public ms: number) {}
  readonly now = (): Date => new Date(this.ms);
  readonly advance = (ms: number): void => void (this.ms += ms);
}

const T0 = Date.UTC(2030, 0, 1, 5, 0, 0);
const hourly = { kind: 'interval', seconds: 3600 } as const;

// These tests move the caller's clock, which PostgreSQL would ignore by default (the claiming
// statement reads the database's clock there: test/store/db-clock-leases.test.ts).
const CALLER = { clock: 'caller' } as const;

const utc = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function must(repo: JobRepository, name: string): Promise<Job> {
  return (await repo.get(name)) ?? Promise.reject(new Error(`job ${name} missing`));
}

async function until(
  what: string,
  cond: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function invalid(
  t: ExecutionContext,
  fn: () => Promise<unknown>,
  pattern: RegExp,
): Promise<void> {
  const err = await t.throwsAsync(fn);
  t.true(
    isGatewayError(err) && err.kind === 'invalid_input',
    `invalid_input expected, got ${String(err)}`,
  );
  t.regex(err?.message ?? '', pattern);
}

storeTest('declare never overwrites what an admin changed', async (t, { store }) => {
  t.timeout(20_000);
  const repo = new JobRepository(store.db.knex, CALLER);
  const first = await repo.declare({
    name: 'feeds.fetch',
    description: 'Fetch feeds',
    schedule: { kind: 'interval', seconds: 300 },
  });
  t.like(first, {
    active: true,
    status: 'idle',
    attempts: 0,
    maxAttempts: 5,
    runRequested: false,
    schedule: { kind: 'interval', seconds: 300 },
  });
  await repo.setSchedule('feeds.fetch', { kind: 'cron', expression: '*/15 * * * *' });
  await repo.setActive('feeds.fetch', false);
  const again = await repo.declare({
    name: 'feeds.fetch',
    description: 'Fetch RSS and Atom feeds',
    schedule: { kind: 'interval', seconds: 300 },
    maxAttempts: 3,
  });
  t.like(
    again,
    { schedule: { kind: 'cron', expression: '*/15 * * * *' }, active: false },
    "the admin's schedule and switch stay",
  );
  t.like(
    again,
    { description: 'Fetch RSS and Atom feeds', maxAttempts: 3 },
    'code-owned fields follow the code',
  );
  t.deepEqual(
    (await repo.list()).map((j) => j.name),
    ['feeds.fetch'],
  );
  t.is(await repo.get('nope'), null);
  await t.throwsAsync(() => repo.setActive('nope', true), { message: /no job named 'nope'/ });
});

storeTest('interval jobs run when due, and only jobs with a handler here', async (t, { store }) => {
  t.timeout(20_000);
  const clock = new Clock(T0);
  const repo = new JobRepository(store.db.knex, CALLER);
  const worker = new JobWorker(repo, { clock: clock.now });
  let runs = 0;
  await worker.register(
    { name: 'tick', description: 'every minute', schedule: { kind: 'interval', seconds: 60 } },
    async () => {
      runs++;
    },
  );
  await repo.declare(
    {
      name: 'elsewhere',
      description: 'handled by another process',
      schedule: { kind: 'interval', seconds: 60 },
    },
    clock.now(),
  );
  t.is(await worker.runOnce(), 1, 'a new interval job is due at once');
  const job = await must(repo, 'tick');
  t.like(job, {
    status: 'ok',
    attempts: 0,
    lastRunAt: utc(T0),
    lastFinishedAt: utc(T0),
    nextRunAt: utc(T0 + 60_000),
    lockedBy: null,
  });
  t.true((job.lastDurationMs ?? -1) >= 0);
  t.is(await worker.runOnce(), 0);
  clock.advance(59_000);
  t.is(await worker.runOnce(), 0, 'not due before the interval');
  clock.advance(1_000);
  t.is(await worker.runOnce(), 1);
  t.is(runs, 2);
  t.like(
    await must(repo, 'elsewhere'),
    { status: 'idle', lastRunAt: null },
    'no handler here: left for its owner',
  );
  await invalid(
    t,
    () => repo.setSchedule('tick', { kind: 'interval', seconds: 0 }),
    /1 to 31536000/,
  );
  await invalid(
    t,
    () => repo.setSchedule('tick', { kind: 'interval', seconds: 31_536_001 }),
    /1 to 31536000/,
  );
  t.deepEqual(
    (await repo.setSchedule('tick', { kind: 'interval', seconds: 31_536_000 })).schedule,
    { kind: 'interval', seconds: 31_536_000 },
  );
});

storeTest('cron expressions are validated and give the next run', async (t, { store }) => {
  t.timeout(20_000);
  const clock = new Clock(T0);
  const repo = new JobRepository(store.db.knex, CALLER);
  await invalid(
    t,
    () =>
      repo.declare({
        name: 'bad',
        description: '',
        schedule: { kind: 'cron', expression: 'every day' },
      }),
    /invalid cron expression 'every day'/,
  );
  t.is(await repo.get('bad'), null);
  const worker = new JobWorker(repo, { clock: clock.now });
  let runs = 0;
  const job = await worker.register(
    { name: 'nightly', description: '', schedule: { kind: 'cron', expression: '0 3 * * *' } },
    async () => {
      runs++;
    },
  );
  t.is(job.nextRunAt, '2030-01-02 03:00:00.000');
  await invalid(
    t,
    () => repo.setSchedule('nightly', { kind: 'cron', expression: '61 * * * *' }),
    /invalid cron expression.*minute/,
  );
  await invalid(
    t,
    () => repo.setSchedule('nightly', { kind: 'cron', expression: '0 0 31 2 *' }),
    /never fires/,
  );
  await invalid(
    t,
    () => repo.setSchedule('nightly', { kind: 'cron', expression: '2030-01-01T00:00:00' }),
    /invalid cron expression/,
  );
  t.deepEqual(
    (await must(repo, 'nightly')).schedule,
    { kind: 'cron', expression: '0 3 * * *' },
    'a rejected schedule changes nothing',
  );
  t.is(await worker.runOnce(), 0);
  clock.ms = Date.UTC(2030, 0, 2, 3, 0, 1);
  t.is(await worker.runOnce(), 1);
  t.is(runs, 1);
  t.is((await must(repo, 'nightly')).nextRunAt, '2030-01-03 03:00:00.000');
  const moscow = new JobRepository(store.db.knex, { ...CALLER, timezone: 'Europe/Moscow' });
  const local = await moscow.setSchedule(
    'nightly',
    { kind: 'cron', expression: '0 3 * * *' },
    new Date(T0),
  );
  t.is(local.nextRunAt, '2030-01-02 00:00:00.000', '03:00 in Moscow is 00:00 UTC');
});

storeTest('run now runs a job that is not due, once', async (t, { store }) => {
  t.timeout(20_000);
  const clock = new Clock(T0);
  const repo = new JobRepository(store.db.knex, CALLER);
  const worker = new JobWorker(repo, { clock: clock.now });
  let runs = 0;
  await worker.register({ name: 'sync', description: '', schedule: hourly }, async () => {
    runs++;
  });
  t.is(await worker.runOnce(), 1);
  t.is(await worker.runOnce(), 0);
  clock.advance(5_000);
  t.like(await repo.runNow('sync', clock.now()), {
    runRequested: true,
    nextRunAt: utc(T0 + 5_000),
  });
  t.is(await worker.runOnce(), 1);
  t.like(await must(repo, 'sync'), {
    runRequested: false,
    status: 'ok',
    nextRunAt: utc(T0 + 5_000 + 3_600_000),
  });
  t.is(await worker.runOnce(), 0);
  t.is(runs, 2);
  const err = await t.throwsAsync(() => repo.runNow('missing'));
  t.true(isGatewayError(err) && err.kind === 'not_found');
});

storeTest(
  'failures count attempts with backoff, end in failed at max attempts, reset revives',
  async (t, { store }) => {
    t.timeout(20_000);
    const clock = new Clock(T0);
    const repo = new JobRepository(store.db.knex, { ...CALLER, backoffBaseMs: 30_000 });
    const worker = new JobWorker(repo, { clock: clock.now });
    let broken = true;
    await worker.register(
      { name: 'flaky', description: '', schedule: hourly, maxAttempts: 3 },
      async () => {
        if (broken) throw new Error('remote said 503');
      },
    );
    t.is(await worker.runOnce(), 1);
    t.like(await must(repo, 'flaky'), {
      status: 'idle',
      attempts: 1,
      lastError: 'Error: remote said 503',
      nextRunAt: utc(clock.ms + 30_000),
      lockedBy: null,
    });
    clock.advance(30_000);
    t.is(await worker.runOnce(), 1);
    t.like(
      await must(repo, 'flaky'),
      { attempts: 2, nextRunAt: utc(clock.ms + 60_000) },
      'the delay doubles',
    );
    clock.advance(60_000);
    t.is(await worker.runOnce(), 1);
    t.like(await must(repo, 'flaky'), { status: 'failed', attempts: 3, nextRunAt: null });
    clock.advance(86_400_000);
    t.is(await worker.runOnce(), 0, 'a failed job is not scheduled again');
    t.like(await repo.reset('flaky', clock.now()), {
      status: 'idle',
      attempts: 0,
      lastError: null,
      nextRunAt: utc(clock.ms),
    });
    broken = false;
    t.is(await worker.runOnce(), 1);
    t.like(await must(repo, 'flaky'), { status: 'ok', attempts: 0, lastError: null });

    await worker.register(
      { name: 'often', description: '', schedule: { kind: 'interval', seconds: 10 } },
      async () => {
        throw new Error('x'.repeat(5000));
      },
    );
    t.is(await worker.runOnce(), 1);
    const often = await must(repo, 'often');
    t.is(often.nextRunAt, utc(clock.ms + 10_000), 'a retry never waits past the next regular run');
    t.is(often.lastError?.length, 4000);
  },
);

test('jobs survive a restart with their attempts and next run', async (t) => {
  t.timeout(20_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-jobs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'gateway.sqlite');
  const clock = new Clock(T0);
  const def = {
    name: 'shop.export',
    description: 'orders to the shop',
    schedule: { kind: 'interval', seconds: 120 },
    maxAttempts: 4,
  } as const;
  const before = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  const first = new JobWorker(new JobRepository(before.db.knex), { clock: clock.now });
  await first.register(def, async () => {
    throw new Error('shop offline');
  });
  t.is(await first.runOnce(), 1);
  await first.stop();
  await before.close();

  const after = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 5000 });
  t.teardown(() => after.close());
  const repo = new JobRepository(after.db.knex);
  const job = await must(repo, 'shop.export');
  t.like(job, {
    attempts: 1,
    status: 'idle',
    lastError: 'Error: shop offline',
    nextRunAt: utc(T0 + 30_000),
    maxAttempts: 4,
  });
  let runs = 0;
  const second = new JobWorker(repo, { clock: clock.now });
  await second.register(def, async () => {
    runs++;
  });
  t.is(await second.runOnce(), 0, 'the backoff is kept across the restart');
  clock.advance(30_000);
  t.is(await second.runOnce(), 1);
  t.is(runs, 1);
  t.like(await must(repo, 'shop.export'), { status: 'ok', attempts: 0 });
});

storeTest('an expired lease is recovered and counts as an attempt', async (t, { store }) => {
  t.timeout(20_000);
  const repo = new JobRepository(store.db.knex, CALLER);
  await repo.declare(
    { name: 'caldav.sync', description: '', schedule: hourly, maxAttempts: 2 },
    new Date(T0),
  );
  const [claimed] = await repo.claimDue('crashed-process', new Date(T0), 1_000);
  t.like(claimed, {
    name: 'caldav.sync',
    status: 'running',
    lockedBy: 'crashed-process',
    lockedUntil: utc(T0 + 1_000),
  });
  t.deepEqual(
    await repo.claimDue('other', new Date(T0 + 500), 1_000),
    [],
    'a live lease is respected',
  );
  const [again] = await repo.claimDue('other', new Date(T0 + 2_000), 1_000);
  t.like(again, {
    status: 'running',
    lockedBy: 'other',
    attempts: 1,
    lastError: LEASE_EXPIRED_ERROR,
  });
  t.false(
    await repo.complete('caldav.sync', 'crashed-process', { outcome: 'ok', durationMs: 5 }),
    'the old owner cannot record',
  );
  t.deepEqual(
    await repo.claimDue('third', new Date(T0 + 4_000), 1_000),
    [],
    'the second lease expired too, at max attempts',
  );
  t.like(await must(repo, 'caldav.sync'), {
    status: 'failed',
    attempts: 2,
    nextRunAt: null,
    lockedBy: null,
  });
});

storeTest('a heartbeat keeps the lease of a run longer than the lease', async (t, { store }) => {
  t.timeout(20_000);
  const repo = new JobRepository(store.db.knex, CALLER);
  const worker = new JobWorker(repo, { leaseMs: 1_000, heartbeatMs: 100 });
  await worker.register({ name: 'ldap.sync', description: '', schedule: hourly }, async () =>
    sleep(2_500),
  );
  const run = worker.runOnce();
  await sleep(1_800); // past the first lease: only the heartbeat keeps it
  t.deepEqual(await repo.claimDue('thief', new Date(), 10_000), []);
  t.like(await must(repo, 'ldap.sync'), { status: 'running', lockedBy: worker.workerId });
  t.is(await run, 1);
  t.like(await must(repo, 'ldap.sync'), { status: 'ok', attempts: 0, lastError: null });
});

storeTest(
  'stop() aborts running handlers and waits for them; errors never stop the worker',
  async (t, { store }) => {
    t.timeout(20_000);
    const repo = new JobRepository(store.db.knex, CALLER);
    const worker = new JobWorker(repo, {
      pollMs: 10,
      stopTimeoutMs: 5_000,
      onError: (err) => t.log(String(err)),
    });
    let aborted = false;
    let finished = false;
    await worker.register(
      { name: 'long', description: '', schedule: hourly },
      async ({ signal }) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        aborted = signal.aborted;
        await sleep(100); // cleanup after the abort
        finished = true;
        throw new Error('aborted');
      },
    );
    const throwsAtOnce = (() => {
      throw new Error('sync throw');
    }) as () => Promise<void>;
    await worker.register({ name: 'broken', description: '', schedule: hourly }, throwsAtOnce);
    worker.start();
    await until('the long job to run', () => worker.runningJobs.includes('long'));
    await until(
      'the broken job to be recorded',
      async () => (await must(repo, 'broken')).attempts === 1,
    );
    await worker.stop();
    t.true(aborted && finished, 'stop() resolved after the handler finished');
    t.like(
      await must(repo, 'long'),
      { status: 'idle', attempts: 0, lockedBy: null },
      'a shutdown is not a failed attempt',
    );
    t.like(await must(repo, 'broken'), { lastError: 'Error: sync throw' });

    const stubborn = new JobWorker(repo, { stopTimeoutMs: 100 });
    let done = false;
    await stubborn.register({ name: 'stubborn', description: '', schedule: hourly }, async () => {
      await sleep(2_000);
      done = true;
    });
    const run = stubborn.runOnce();
    await until('the stubborn job to run', () => stubborn.runningJobs.length === 1);
    const started = Date.now();
    await stubborn.stop();
    t.true(Date.now() - started < 1_500, 'stop() is bounded by its timeout');
    t.false(done);
    await run;
  },
);

async function exactlyOnce(t: ExecutionContext, a: Store, b: Store): Promise<void> {
  const counts = new Map<string, number>();
  const names = ['j1', 'j2', 'j3', 'j4', 'j5'];
  const workers = [a, b].map(
    (s) => new JobWorker(new JobRepository(s.db.knex), { pollMs: 10, leaseMs: 5_000 }),
  );
  const handler = (name: string) => async (): Promise<void> => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    await sleep(200);
  };
  for (const w of workers)
    for (const name of names)
      await w.register({ name, description: '', schedule: hourly }, handler(name));
  const repo = new JobRepository(a.db.knex);
  const allOk = async (): Promise<boolean> =>
    (await repo.list()).every((j) => j.status === 'ok' && j.runRequested === false);
  try {
    for (const w of workers) w.start();
    await until('every job to run', allOk);
    await sleep(300);
    t.deepEqual(
      names.map((n) => counts.get(n)),
      [1, 1, 1, 1, 1],
    );
    for (const name of names) await repo.runNow(name);
    await until('every job to run again', allOk);
    await sleep(300);
    t.deepEqual(
      names.map((n) => counts.get(n)),
      [2, 2, 2, 2, 2],
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

storeTest(
  'two workers on one SQLite file run each due job once',
  async (t, { store }) => {
    t.timeout(30_000);
    const other = await openStore({
      kind: 'sqlite',
      file: store.db.file ?? '',
      busyTimeoutMs: 5000,
    });
    t.teardown(() => other.close());
    await exactlyOnce(t, store, other);
  },
  { postgres: false },
);

test('two workers on one PostgreSQL database run each due job once', async (t) => {
  t.timeout(30_000);
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  const a = await pgStore(pg.url, pg.drop);
  const b = await openStore({ kind: 'pg', url: pg.url, poolMax: 4 });
  try {
    await exactlyOnce(t, a.store, b);
  } finally {
    await b.close();
    await a.dispose();
  }
});

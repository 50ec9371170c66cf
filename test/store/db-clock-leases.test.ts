// Leases and due times on PostgreSQL read the database's clock (store/db-clock.ts): a replica
// whose own clock runs ahead neither takes a live lease nor runs a job before it is due, while a
// lease that really ran out is still taken over.
import test, { type ExecutionContext } from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { BridgeLease } from '../../store/bridges/lease.js';
import { CaldavLinkRepository } from '../../store/caldav-links/link-repository.js';
import { JobRepository } from '../../store/jobs/job-repository.js';
import { SecretBox } from '../../store/secrets.js';
import { openStore, type Store } from '../../store/store.js';
import { freshPgDatabase } from '../helpers/pg-database.js';
import { requirePeer } from '../helpers/peers.js';

/** How far ahead the skewed replica's clock runs. */
const SKEW_MS = 10 * 60_000;
const ahead = (): Date => new Date(Date.now() + SKEW_MS);

async function twoReplicas(t: ExecutionContext): Promise<[Store, Store] | null> {
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return null;
  const a = await openStore({ kind: 'pg', url: pg.url, poolMax: 2 });
  const b = await openStore({ kind: 'pg', url: pg.url, poolMax: 2 });
  t.teardown(async () => {
    await a.close();
    await b.close();
    await pg.drop();
  });
  return [a, b];
}

/** The job repositories of two replicas, with `name` declared due every hour. */
async function twoJobReplicas(
  t: ExecutionContext,
  name: string,
): Promise<[JobRepository, JobRepository] | null> {
  const replicas = await twoReplicas(t);
  if (!replicas) return null;
  const [a, b] = replicas;
  const jobsA = new JobRepository(a.db.knex);
  await jobsA.declare({ name, description: '', schedule: { kind: 'interval', seconds: 3600 } });
  return [jobsA, new JobRepository(b.db.knex)];
}

async function linkOf(store: Store): Promise<number> {
  const user = await store.users.create({ userName: 'u', password: 'user-password-1' });
  const links = new CaldavLinkRepository(store.db.knex, new SecretBox(Buffer.alloc(32, 7)));
  const link = await links.create({
    userId: user.id,
    kind: 'caldav',
    url: 'https://dav.example.com/',
    username: 'u',
    secrets: { password: 'p' },
  });
  return link.id;
}

test('a replica whose clock runs ahead cannot take a live link lease [postgres]', async (t) => {
  t.timeout(60_000);
  const replicas = await twoReplicas(t);
  if (!replicas) return;
  const [a, b] = replicas;
  const linkId = await linkOf(a);
  t.true(await new BridgeLease(a.db.knex).take(linkId, 'a:1', Date.now(), 60_000));
  const skewed = new BridgeLease(b.db.knex);
  t.false(await skewed.take(linkId, 'b:1', ahead().getTime(), 60_000));
  t.is((await skewed.state(linkId)).holder, 'a:1');
});

test('a link lease that ran out on the database clock is taken over [postgres]', async (t) => {
  t.timeout(60_000);
  const replicas = await twoReplicas(t);
  if (!replicas) return;
  const [a, b] = replicas;
  const linkId = await linkOf(a);
  // The holder takes a short lease and dies: it never renews.
  t.true(await new BridgeLease(a.db.knex).take(linkId, 'dead:1', Date.now(), 300));
  const other = new BridgeLease(b.db.knex);
  t.false(await other.take(linkId, 'b:1', Date.now(), 60_000));
  await sleep(800);
  t.true(await other.take(linkId, 'b:1', Date.now(), 60_000));
});

test('a replica whose clock runs ahead cannot take a running job [postgres]', async (t) => {
  t.timeout(60_000);
  const jobs = await twoJobReplicas(t, 'feeds.fetch');
  if (!jobs) return;
  const [jobsA, jobsB] = jobs;
  const [claimed] = await jobsA.claimDue('a:1', new Date(), 60_000);
  t.is(claimed?.lockedBy, 'a:1');
  t.deepEqual(await jobsB.claimDue('b:1', ahead(), 60_000), []);
  t.like(await jobsB.get('feeds.fetch'), { status: 'running', lockedBy: 'a:1', attempts: 0 });
  t.true(await jobsA.complete('feeds.fetch', 'a:1', { outcome: 'ok', durationMs: 1 }));
  // Not due for an hour on the database clock, whatever the replica's own clock says.
  t.deepEqual(await jobsB.claimDue('b:1', ahead(), 60_000), []);
});

test('a job lease that ran out on the database clock is recovered by another replica [postgres]', async (t) => {
  t.timeout(60_000);
  const jobs = await twoJobReplicas(t, 'caldav.sync');
  if (!jobs) return;
  const [jobsA, jobsB] = jobs;
  t.is((await jobsA.claimDue('dead:1', new Date(), 300)).length, 1);
  t.deepEqual(await jobsB.claimDue('b:1', new Date(), 60_000), [], 'a live lease is respected');
  await sleep(800);
  const [taken] = await jobsB.claimDue('b:1', new Date(), 60_000);
  t.like(taken, { lockedBy: 'b:1', attempts: 1 });
});

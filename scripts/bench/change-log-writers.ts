// Concurrent CRM writers on one PostgreSQL, each on its own pool as replicas are: committed
// record updates per second for 1, 2, 4 and 8 writers. Each transaction updates several records
// (each update appends to the change log), as a slice of a 1C batch does, so what one writer
// holds until commit shows in the figures (docs/architecture.md "Store", change log). --work-ms
// adds that much waiting inside the transaction after each update (pg_sleep), standing for the
// parsing a 1C batch does between writes or for a network round trip to a distant database.
// Run with `npm run bench:change-log -- [--pg URL] [--seconds S] [--batch K] [--work-ms W]`; the URL defaults to
// the test cluster of scripts/test-peers.sh (.tmp/peers.env).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import { PicklistRepository } from '../../store/records/picklists.js';
import { RecordRepository } from '../../store/records/record-repository.js';
import { openStore, type Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';
import { SharingRepository } from '../../store/visibility.js';

const { values: args } = parseArgs({
  options: {
    pg: { type: 'string' },
    seconds: { type: 'string', default: '4' },
    batch: { type: 'string', default: '10' },
    'work-ms': { type: 'string', default: '0' },
  },
});

function defaultUrl(): string {
  const env = readFileSync(new URL('../../.tmp/peers.env', import.meta.url), 'utf8');
  const line = env.split('\n').find((l) => l.startsWith('GATEWAY_TEST_PG_URL='));
  if (!line) throw new Error('no --pg URL and no GATEWAY_TEST_PG_URL in .tmp/peers.env');
  return line.slice('GATEWAY_TEST_PG_URL='.length).trim();
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, run: (db: Knex) => Promise<T>): Promise<T> {
  const db = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

async function writer(
  store: Store,
  actor: Actor,
  ids: readonly number[],
  until: number,
  workMs: number,
): Promise<number> {
  let done = 0;
  for (let round = 0; Date.now() < until; round++) {
    await store.db.knex.transaction(async (trx) => {
      const records = new RecordRepository(
        trx,
        new SharingRepository(trx),
        new PicklistRepository(trx),
      );
      for (const id of ids) {
        await records.update(
          actor,
          'Contacts',
          id,
          { values: { lastname: `L${round}` } },
          'revise',
        );
        if (workMs > 0) await trx.raw('select pg_sleep(?)', [workMs / 1000]);
      }
    });
    done += ids.length;
  }
  return done;
}

async function measure(
  url: string,
  writers: number,
  seconds: number,
  batch: number,
  workMs: number,
): Promise<number> {
  const stores = await Promise.all(
    Array.from({ length: writers }, () =>
      openStore({ kind: 'pg', url, poolMax: 2, runMigrations: true }),
    ),
  );
  try {
    const first = stores[0] as Store;
    const user = await first.users.create({
      userName: `bench${writers}-${randomBytes(3).toString('hex')}`,
      password: 'bench-password-1',
      isAdmin: true,
    });
    const actor: Actor = { userId: user.id, isAdmin: true, groupIds: [] };
    const sets: number[][] = [];
    for (let w = 0; w < writers; w++) {
      const ids: number[] = [];
      for (let i = 0; i < batch; i++)
        ids.push((await first.records.create(actor, 'Contacts', { values: { lastname: 'x' } })).id);
      sets.push(ids);
    }
    const until = Date.now() + seconds * 1000;
    const counts = await Promise.all(
      stores.map((s, w) => writer(s, actor, sets[w] as number[], until, workMs)),
    );
    return counts.reduce((a, b) => a + b, 0) / seconds;
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
}

const base = args.pg ?? defaultUrl();
const name = `gw_bench_${randomBytes(4).toString('hex')}`;
await admin(base, (db) => db.raw('create database ??', [name]));
const url = withDatabase(base, name);
try {
  const seconds = Number(args.seconds);
  const batch = Number(args.batch);
  const workMs = Number(args['work-ms']);
  let one = 0;
  for (const n of [1, 2, 4, 8]) {
    const perSecond = await measure(url, n, seconds, batch, workMs);
    if (n === 1) one = perSecond;
    console.log(
      `${n} writer(s), ${batch} updates per transaction, ${workMs} ms work after each: ` +
        `${perSecond.toFixed(0)} updates/s` +
        ` (${(perSecond / one).toFixed(2)}× one writer)`,
    );
  }
} finally {
  await admin(base, async (db) => {
    await db.raw(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()',
      [name],
    );
    await db.raw('drop database if exists ??', [name]);
  });
}

// Writers on several replicas (one knex pool each) on one PostgreSQL: they run in parallel,
// and a reader polling the change log through the store misses no change and sees none twice
// (store/change-log.ts, docs/architecture.md "Store"). Comments have no record number, whose
// counter row serialises the creates of one module by design (store/records/record-numbers.ts).
import test, { type ExecutionContext } from 'ava';
import type { Knex } from 'knex';
import { PicklistRepository } from '../../store/records/picklists.js';
import { RecordRepository } from '../../store/records/record-repository.js';
import { openStore, type Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';
import { SharingRepository } from '../../store/visibility.js';
import { freshPgDatabase } from '../helpers/pg-database.js';
import { requirePeer } from '../helpers/peers.js';

interface Replicas {
  readonly stores: Store[];
  readonly admin: Actor;
}

async function replicas(t: ExecutionContext, count: number): Promise<Replicas | null> {
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return null;
  const stores: Store[] = [];
  t.teardown(async () => {
    for (const s of stores) await s.close();
    await pg.drop();
  });
  for (let i = 0; i < count; i++)
    stores.push(await openStore({ kind: 'pg', url: pg.url, poolMax: 3 }));
  const user = await (stores[0] as Store).users.create({
    userName: 'admin',
    password: 'admin-password-1',
    isAdmin: true,
  });
  return { stores, admin: { userId: user.id, isAdmin: true, groupIds: [] } };
}

function recordsIn(trx: Knex.Transaction): RecordRepository {
  return new RecordRepository(trx, new SharingRepository(trx), new PicklistRepository(trx));
}

/** A comment created in a transaction on `store` held open until `release`; `id` once it runs. */
async function openWrite(
  store: Store,
  admin: Actor,
): Promise<{ id: number; release: () => void; done: Promise<void> }> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let id = 0;
  let opened: () => void = () => undefined;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  const done = store.db.knex.transaction(async (trx) => {
    id = (await recordsIn(trx).create(admin, 'ModComments', { values: { commentcontent: 'Slow' } }))
      .id;
    opened();
    await held;
  });
  await isOpen;
  return { id, release, done };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A comment created on `store`, which must commit within 10 s whatever other replicas hold. */
function quickWrite(store: Store, admin: Actor): Promise<{ id: number }> {
  return withTimeout(
    store.records.create(admin, 'ModComments', { values: { commentcontent: 'Quick' } }),
    10_000,
    'a write on the second replica',
  );
}

test('a writer on one replica commits while another replica holds an open write [postgres]', async (t) => {
  t.timeout(60_000);
  const r = await replicas(t, 3);
  if (!r) return;
  const [a, b, reader] = r.stores as [Store, Store, Store];
  const slow = await openWrite(a, r.admin);
  // Before, every change-log writer waited for one cluster-wide lock until the other committed.
  const quick = await quickWrite(b, r.admin).finally(slow.release);
  await slow.done;

  const seen = await reader.changeLog.since(0);
  const quickChange = seen.find((c) => c.recordId === quick.id);
  const slowChange = seen.find((c) => c.recordId === slow.id);
  t.truthy(quickChange && slowChange);
  t.is(seen.length, 2);
});

test('a reader between two commits misses neither change [postgres]', async (t) => {
  t.timeout(60_000);
  const r = await replicas(t, 3);
  if (!r) return;
  const [a, b, reader] = r.stores as [Store, Store, Store];
  // The slow writer appends first, so a sequence taken at insert would give it the lower number.
  const slow = await openWrite(a, r.admin);
  const quick = await quickWrite(b, r.admin).catch((err: unknown) => {
    slow.release();
    throw err;
  });
  const first = await reader.changeLog.since(0);
  t.deepEqual(
    first.map((c) => c.recordId),
    [quick.id],
  );
  const cursor = first.at(-1)?.seq ?? 0;
  slow.release();
  await slow.done;
  const second = await reader.changeLog.since(cursor);
  t.deepEqual(
    second.map((c) => c.recordId),
    [slow.id],
  );
  // The time cursor of the webservice sync never goes back either.
  t.true((second[0]?.changedAt ?? '') >= (first[0]?.changedAt ?? '~'));
});

test('concurrent writers on four replicas, one polling reader: every change once [postgres]', async (t) => {
  t.timeout(180_000);
  const r = await replicas(t, 5);
  if (!r) return;
  const writers = r.stores.slice(0, 4);
  const reader = r.stores[4] as Store;
  const ROUNDS = 12;
  const PER_TRANSACTION = 3;
  const written: number[] = [];
  let writing = true;
  const pause = (ms: number) => new Promise((res) => setTimeout(res, ms));
  const write = async (store: Store, w: number): Promise<void> => {
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await store.db.knex.transaction(async (trx) => {
        const out: number[] = [];
        for (let i = 0; i < PER_TRANSACTION; i++) {
          const commentcontent = `W${w} R${round} ${i}`;
          out.push(
            (await recordsIn(trx).create(r.admin, 'ModComments', { values: { commentcontent } }))
              .id,
          );
          // Uneven holds, so transactions that appended later often commit earlier.
          await pause(((w * 7 + round * 3 + i) % 5) * 4);
        }
        return out;
      });
      written.push(...ids);
    }
  };
  const seen: number[] = [];
  const seqs: number[] = [];
  const read = async (): Promise<void> => {
    let cursor = 0;
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      const wasWriting = writing;
      const batch = await reader.changeLog.since(cursor, { modules: ['ModComments'], limit: 7 });
      for (const c of batch) {
        seen.push(c.recordId);
        seqs.push(c.seq);
      }
      cursor = batch.at(-1)?.seq ?? cursor;
      if (batch.length === 0 && !wasWriting) return;
      if (batch.length === 0) await pause(5);
    }
  };
  const reading = read();
  await Promise.all(writers.map((s, w) => write(s, w)));
  writing = false;
  await reading;

  t.is(written.length, writers.length * ROUNDS * PER_TRANSACTION);
  t.is(new Set(seen).size, seen.length, 'no change read twice');
  t.deepEqual(
    [...seen].sort((x, y) => x - y),
    [...written].sort((x, y) => x - y),
  );
  t.true(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number)));
});

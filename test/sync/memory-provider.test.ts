// A second bridge fits the sync engine: an in-memory remote (memory-provider.ts) synced both ways
// with the CRM store, conflicts settled newer-wins with the loser logged, a rate limit that
// reschedules the link instead of waiting, an expired cursor answered by a full resync, and the
// rule that a sync never deletes because a read failed or came back empty.
import test from 'ava';
import { BridgeLease } from '../../store/bridges/lease.js';
import { BridgeLinkRepository } from '../../store/bridges/link-repository.js';
import { BridgeObjectRepository } from '../../store/bridges/object-repository.js';
import { getModule } from '../../store/modules/registry.js';
import { SecretBox } from '../../store/secrets.js';
import type { CrmRecord } from '../../store/types.js';
import { BridgeLinkBook } from '../../sync/link-book.js';
import { SyncError } from '../../sync/provider.js';
import { LinkRunner, type RunnerOptions } from '../../sync/runner.js';
import { sqliteStore, type TestStore } from '../helpers/store.js';
import { MemoryProvider, NoteMapping } from './memory-provider.js';

const SYSTEM = 'memory-bridge';

interface Rig {
  readonly ts: TestStore;
  readonly remote: MemoryProvider;
  readonly links: BridgeLinkRepository;
  readonly items: BridgeObjectRepository;
  readonly runner: LinkRunner;
  readonly userId: number;
  /** The first link (the remote above). */
  readonly id: number;
  /** Another link of the user with its own remote. */
  addLink(remote: MemoryProvider): Promise<number>;
  /** Moves the runner's clock on. */
  skip(ms: number): void;
}

async function rig(options: RunnerOptions = {}): Promise<Rig> {
  const ts = await sqliteStore();
  const knex = ts.store.db.knex;
  const user = await ts.store.users.create({ userName: 'mo', password: 'mo-password-1' });
  const links = new BridgeLinkRepository(knex, new SecretBox(Buffer.alloc(32, 3)), SYSTEM);
  const items = new BridgeObjectRepository(knex, SYSTEM);
  const remotes = new Map<number, MemoryProvider>();
  const addLink = async (remote: MemoryProvider): Promise<number> => {
    const link = await links.create({
      userId: user.id,
      kind: 'memory',
      endpoint: 'memory:',
      settings: {},
      secrets: { token: 'never shown' },
    });
    remotes.set(link.id, remote);
    return link.id;
  };
  const remote = new MemoryProvider();
  const id = await addLink(remote);
  let offset = 0;
  const runner = new LinkRunner(
    {
      store: ts.store,
      system: SYSTEM,
      noun: 'memory link',
      book: new BridgeLinkBook(links, items),
      lease: new BridgeLease(knex),
      open: async (link) => ({
        provider: remotes.get(link.id) ?? remote,
        mapping: new NoteMapping(),
      }),
    },
    { clock: () => Date.now() + offset, backoffBaseMs: 1000, backoffMaxMs: 1000, ...options },
  );
  const skip = (ms: number): void => {
    offset += ms;
  };
  return { ts, remote, links, items, runner, userId: user.id, id, addLink, skip };
}

const actorOf = (r: Rig) => ({ userId: r.userId, isAdmin: false, groupIds: [] });

const event = (subject: string, day: string) => ({
  values: {
    subject,
    date_start: day,
    time_start: '10:00:00',
    due_date: day,
    time_end: '11:00:00',
    eventstatus: 'Planned',
    activitytype: 'Meeting',
  },
});

const note = (uid: string, subject: string, day: string, changedMs = Date.now()) => ({
  uid,
  subject,
  start: `${day}T09:00:00Z`,
  end: `${day}T10:00:00Z`,
  changedMs,
});

async function events(r: Rig): Promise<CrmRecord[]> {
  return r.ts.store.records.list(actorOf(r), 'Events', { limit: 100 });
}

test('both ways: remote and CRM creates, updates and deletes meet once', async (t) => {
  const r = await rig();
  try {
    const a = r.remote.put(note('a', 'From remote', '2040-01-01'));
    const b = await r.ts.store.records.create(
      actorOf(r),
      'Events',
      event('From CRM', '2040-02-02'),
    );
    const first = await r.runner.syncNow(r.id);
    t.true(first.ok, first.error ?? '');
    t.like(first.counts, { pulledCreated: 1, pushedCreated: 1 });
    t.is(r.remote.items.size, 2);
    const pulled = (await events(r)).find((e) => e.values['subject'] === 'From remote');
    t.like(pulled?.values, { date_start: '2040-01-01', time_start: '09:00:00' });
    t.is(r.remote.note(`note-crm-${b.id}@memory`)?.subject, 'From CRM');

    await r.ts.store.records.update(
      actorOf(r),
      'Events',
      b.id,
      { values: { subject: 'Renamed' } },
      'revise',
    );
    const [pushed] = await r.runner.runDue();
    t.is(pushed?.counts.pushedUpdated, 1, 'the CRM change goes out on the next pass');
    t.is(r.remote.note(`note-crm-${b.id}@memory`)?.subject, 'Renamed');

    r.remote.put(note('a', 'Edited remotely', '2040-01-01'));
    t.is((await r.runner.syncNow(r.id)).counts.pulledUpdated, 1);
    t.is(
      (await r.ts.store.records.read(getModule('Events'), pulled?.id ?? 0))?.values['subject'],
      'Edited remotely',
    );

    r.remote.drop(a);
    t.is((await r.runner.syncNow(r.id)).counts.pulledDeleted, 1);
    t.true((await r.ts.store.records.status(pulled?.id ?? 0))?.deleted, 'to the recycle bin');

    const idle = await r.runner.syncNow(r.id);
    t.true(
      Object.values(idle.counts).every((n) => n === 0),
      'nothing echoes back',
    );
  } finally {
    await r.ts.dispose();
  }
});

test('both sides changed: the newer change wins and the loser is logged', async (t) => {
  const r = await rig();
  try {
    const rec = await r.ts.store.records.create(actorOf(r), 'Events', event('Base', '2040-03-03'));
    t.true((await r.runner.syncNow(r.id)).ok);
    const id = `note-crm-${rec.id}@memory`;
    await r.ts.store.records.update(
      actorOf(r),
      'Events',
      rec.id,
      {
        values: { subject: 'CRM edit' },
      },
      'revise',
    );
    const there = r.remote.note(id);
    if (!there) throw new Error('not pushed');
    r.remote.put({ ...there, subject: 'Remote edit', changedMs: Date.now() + 60_000 });
    const run = await r.runner.syncNow(r.id);
    t.is(run.counts.conflicts, 1);
    t.is(
      (await r.ts.store.records.read(getModule('Events'), rec.id))?.values['subject'],
      'Remote edit',
    );
    const entry = await r.ts.store.exchangeLog.get(run.exchangeId ?? 0);
    const details = JSON.parse(entry?.details ?? '{}') as {
      conflicts: { recordId: number; winner: string; loser: { subject: string } }[];
    };
    t.like(details.conflicts[0], {
      recordId: rec.id,
      winner: 'remote',
      loser: { subject: 'CRM edit' },
    });

    // And the other way: a CRM edit newer than the remote's.
    r.remote.put({ ...there, subject: 'Old remote edit', changedMs: Date.parse('2020-01-01') });
    await r.ts.store.records.update(
      actorOf(r),
      'Events',
      rec.id,
      {
        values: { subject: 'Newer CRM' },
      },
      'revise',
    );
    const back = await r.runner.syncNow(r.id);
    t.is(back.counts.conflicts, 1);
    t.is(r.remote.note(id)?.subject, 'Newer CRM');
  } finally {
    await r.ts.dispose();
  }
});

test('a rate limit reschedules the link after the wait instead of sleeping, without a failure', async (t) => {
  const r = await rig();
  try {
    t.true((await r.runner.syncNow(r.id)).ok);
    r.remote.failChanges = new SyncError('rate_limited', 'slow down', 90_000);
    const limited = await r.runner.syncNow(r.id);
    t.false(limited.ok);
    t.is(limited.retryAfterMs, 90_000);
    const shown = await r.links.mustGet(r.id);
    t.is(shown.failures, 0, 'not counted as a failure');
    t.not(shown.nextAttemptAt, null);
    await r.ts.store.records.create(actorOf(r), 'Events', event('Waits', '2040-04-04'));
    const calls = r.remote.calls.create;
    t.deepEqual(await r.runner.runDue(), [], 'skipped while the remote asked to wait');
    t.is(r.remote.calls.create, calls);
    r.skip(91_000);
    const [after] = await r.runner.runDue();
    t.true(after?.ok);
    t.is(after?.counts.pushedCreated, 1);
  } finally {
    await r.ts.dispose();
  }
});

test('an expired cursor leads to a full resync: nothing doubled, what the remote lost goes', async (t) => {
  const r = await rig();
  try {
    const keep = r.remote.put(note('keep', 'Keep', '2040-05-05'));
    const gone = r.remote.put(note('gone', 'Gone', '2040-05-06'));
    t.true((await r.runner.syncNow(r.id)).ok);
    // The remote forgets its history, loses one item silently and gains one.
    r.remote.items.delete(gone);
    r.remote.expireCursors();
    r.remote.put(note('new', 'New', '2040-05-07'));
    const run = await r.runner.syncNow(r.id);
    t.true(run.ok, run.error ?? '');
    t.like(run.counts, { pulledCreated: 1, pulledDeleted: 1 });
    t.deepEqual((await events(r)).map((e) => e.values['subject']).sort(), ['Keep', 'New']);
    t.truthy(await r.items.object(r.id, keep));
  } finally {
    await r.ts.dispose();
  }
});

test('a read that fails or comes back empty never deletes', async (t) => {
  const r = await rig();
  try {
    r.remote.put(note('x', 'X', '2040-06-06'));
    r.remote.put(note('y', 'Y', '2040-06-07'));
    t.true((await r.runner.syncNow(r.id)).ok);
    r.remote.failChanges = new SyncError('transient', 'connection reset');
    const failed = await r.runner.syncNow(r.id);
    t.false(failed.ok);
    t.is(failed.counts.pulledDeleted, 0);
    // A remote that answers a full listing with nothing at all.
    r.remote.expireCursors();
    r.remote.emptyListing = true;
    const empty = await r.runner.syncNow(r.id);
    t.is(empty.counts.pulledDeleted, 0);
    t.is((await events(r)).length, 2, 'both records stay');
    t.is((await r.items.objects(r.id)).length, 2, 'and their status');
  } finally {
    await r.ts.dispose();
  }
});

test('the scheduled pass runs due links together, at most the pool size at once', async (t) => {
  const r = await rig({ poolSize: 2 });
  try {
    const remotes = [r.remote, new MemoryProvider(), new MemoryProvider(), new MemoryProvider()];
    for (const remote of remotes.slice(1)) await r.addLink(remote);
    let running = 0;
    let most = 0;
    for (const [i, remote] of remotes.entries()) {
      remote.put(note(`n${i}`, `Note ${i}`, '2040-07-07'));
      const changes = remote.changes.bind(remote);
      remote.changes = async (cursor) => {
        most = Math.max(most, ++running);
        await new Promise((done) => setTimeout(done, 150));
        try {
          return await changes(cursor);
        } finally {
          running--;
        }
      };
    }
    const outcomes = await r.runner.runDue();
    t.is(outcomes.length, 4);
    t.true(outcomes.every((o) => o.ok));
    t.is(most, 2, 'two at a time, not one after another, not all at once');
    t.is((await events(r)).length, 4);
    t.like(
      await r.ts.store.syncLinks.forConnection(SYSTEM, String(r.id)),
      [{ remoteId: 'note-n0' }],
      "its sync links are the shared table's",
    );
  } finally {
    await r.ts.dispose();
  }
});

// Conflicts and tokens: writes carry If-Match, so a remote change made after our last
// sync is never overwritten blindly; the newer change wins and the loser is in the exchange log.
// An invalid sync token (403 valid-sync-token, RFC 6578 §3.2) leads to a full resync without duplicates.
// Both paths are covered: the push's 412 (If-Match) and the pull finding both sides changed.
import test from 'ava';
import { createHttpClient, type HttpClient, type OutboundRequest } from '../../../adapters/http.js';
import {
  DB_KINDS,
  eventInput,
  eventsOf,
  janeActor,
  linkAlice,
  radicale,
  readEvent,
  remote,
  stopRadicale,
  vevent,
  world,
  worldOn,
} from './fixture.js';

test.after.always(stopRadicale);

test('both sides changed: the newer change wins and the loser is recorded', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'conflict');
  try {
    const older = await w.ts.store.records.create(
      janeActor(w),
      'Events',
      eventInput('Older remote edit', '2035-05-01 08:00:00', '2035-05-01 09:00:00'),
    );
    const newer = await w.ts.store.records.create(
      janeActor(w),
      'Events',
      eventInput('Newer remote edit', '2035-05-02 08:00:00', '2035-05-02 09:00:00'),
    );
    const link = await linkAlice(w, rad);
    t.true((await w.bridge.syncNow(link.id)).ok);
    const hrefOf = (id: number): string => `${w.calendar}crm-${id}%40gateway.ics`;
    t.is((await remote.get(hrefOf(older.id))).status, 200);
    // Remote edits stamped long ago and far ahead; then CRM edits of the same events (stamped now).
    await remote.put(
      hrefOf(older.id),
      vevent(`crm-${older.id}@gateway`, [
        'DTSTART:20350501T080000Z',
        'DTEND:20350501T090000Z',
        'SUMMARY:Phone says A',
        'LAST-MODIFIED:20200101T000000Z',
      ]),
    );
    await remote.put(
      hrefOf(newer.id),
      vevent(`crm-${newer.id}@gateway`, [
        'DTSTART:20350502T080000Z',
        'DTEND:20350502T090000Z',
        'SUMMARY:Phone says B',
        'LAST-MODIFIED:20990101T000000Z',
      ]),
    );
    await w.ts.store.records.update(
      janeActor(w),
      'Events',
      older.id,
      { values: { subject: 'CRM says A' } },
      'revise',
    );
    await w.ts.store.records.update(
      janeActor(w),
      'Events',
      newer.id,
      { values: { subject: 'CRM says B' } },
      'revise',
    );
    const run = await w.bridge.syncNow(link.id);
    t.true(run.ok, run.error ?? '');
    t.is(run.counts.conflicts, 2);
    t.regex((await remote.get(hrefOf(older.id))).body, /SUMMARY:CRM says A/);
    t.is((await readEvent(w, older.id))?.values['subject'], 'CRM says A');
    t.regex((await remote.get(hrefOf(newer.id))).body, /SUMMARY:Phone says B/);
    t.is((await readEvent(w, newer.id))?.values['subject'], 'Phone says B');
    const entry = await w.ts.store.exchangeLog.get(run.exchangeId ?? 0);
    const details = JSON.parse(entry?.details ?? '{}') as {
      conflicts: { recordId: number; winner: string; loser: { subject: string } }[];
    };
    const byId = new Map(details.conflicts.map((c) => [c.recordId, c]));
    t.is(byId.get(older.id)?.winner, 'crm');
    t.is(byId.get(older.id)?.loser.subject, 'Phone says A');
    t.is(byId.get(newer.id)?.winner, 'remote');
    t.is(byId.get(newer.id)?.loser.subject, 'CRM says B');
    // Settled: the next run finds nothing to do.
    const again = await w.bridge.syncNow(link.id);
    t.is(again.counts.pushedUpdated + again.counts.pulledUpdated + again.counts.conflicts, 0);
  } finally {
    await w.dispose();
  }
});

for (const kind of DB_KINDS) {
  test(`an invalid sync token leads to a full resync without duplicates [${kind}]`, async (t) => {
    const rad = await radicale(t);
    if (!rad) return;
    const w = await worldOn(kind, rad, 'bad-token', t);
    if (!w) return;
    try {
      await remote.put(
        `${w.calendar}a.ics`,
        vevent('a@x', ['DTSTART:20360101T100000Z', 'DTEND:20360101T110000Z', 'SUMMARY:A']),
      );
      await w.ts.store.records.create(
        janeActor(w),
        'Events',
        eventInput('Mine', '2036-02-01 10:00:00', '2036-02-01 11:00:00'),
      );
      const link = await linkAlice(w, rad);
      t.true((await w.bridge.syncNow(link.id)).ok);
      const token = (await w.bridge.links.mustGet(link.id)).syncToken ?? '';
      await w.bridge.links.progress(link.id, {
        syncToken: token.replace(/[0-9a-f]{16}$/, '0000000000000000'),
      });
      await remote.put(
        `${w.calendar}b.ics`,
        vevent('b@x', ['DTSTART:20360103T100000Z', 'DTEND:20360103T110000Z', 'SUMMARY:B']),
      );
      await remote.del(`${w.calendar}a.ics`);
      const run = await w.bridge.syncNow(link.id);
      t.true(run.ok, run.error ?? '');
      t.is(run.counts.pulledCreated, 1);
      t.is(run.counts.pulledDeleted, 1);
      t.deepEqual((await eventsOf(w)).map((e) => e.values['subject']).sort(), ['B', 'Mine']);
      t.is((await remote.list(w.calendar)).length, 2);
      t.not((await w.bridge.links.mustGet(link.id)).syncToken, token);
    } finally {
      await w.dispose();
    }
  });
}

test('edit against delete: a CRM edit of an event deleted remotely recreates it; a remote edit after a CRM delete restores the record', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'edit-vs-delete');
  try {
    const edited = await w.ts.store.records.create(
      janeActor(w),
      'Events',
      eventInput('Edited here', '2035-06-01 08:00:00', '2035-06-01 09:00:00'),
    );
    const deleted = await w.ts.store.records.create(
      janeActor(w),
      'Events',
      eventInput('Deleted here', '2035-06-02 08:00:00', '2035-06-02 09:00:00'),
    );
    const link = await linkAlice(w, rad);
    t.true((await w.bridge.syncNow(link.id)).ok);
    const hrefOf = (id: number): string => `${w.calendar}crm-${id}%40gateway.ics`;
    await remote.del(hrefOf(edited.id));
    await w.ts.store.records.update(
      janeActor(w),
      'Events',
      edited.id,
      { values: { subject: 'Edited here later' } },
      'revise',
    );
    await remote.put(
      hrefOf(deleted.id),
      vevent(`crm-${deleted.id}@gateway`, [
        'DTSTART:20350602T080000Z',
        'DTEND:20350602T090000Z',
        'SUMMARY:Kept on the phone',
        'LAST-MODIFIED:20990101T000000Z',
      ]),
    );
    await w.ts.store.recycleBin.delete(janeActor(w), 'Events', deleted.id);
    const run = await w.bridge.syncNow(link.id);
    t.true(run.ok, run.error ?? '');
    t.is(run.counts.conflicts, 2);
    t.regex((await remote.get(hrefOf(edited.id))).body, /SUMMARY:Edited here later/);
    t.is((await readEvent(w, edited.id))?.values['subject'], 'Edited here later');
    t.false(
      (await w.ts.store.records.status(deleted.id))?.deleted ?? true,
      'the record came back from the recycle bin',
    );
    t.is((await readEvent(w, deleted.id))?.values['subject'], 'Kept on the phone');
    t.is((await remote.list(w.calendar)).length, 2);
    t.is((await eventsOf(w)).length, 2);
  } finally {
    await w.dispose();
  }
});

/** An outbound door that runs `hook` once, just before the next sync-collection REPORT goes out. */
function hookedHttp(): { http: HttpClient; beforePull(hook: () => Promise<void>): void } {
  const inner = createHttpClient({
    allowHosts: ['127.0.0.1', 'localhost'],
    timeoutMs: 3000,
    maxResponseBytes: 1024 * 1024,
    maxRedirects: 3,
    retries: 1,
    userAgent: 'bridge-test',
  });
  let pending: (() => Promise<void>) | null = null;
  const fire = async (req: OutboundRequest): Promise<void> => {
    const hook = pending;
    if (hook && req.method === 'REPORT' && String(req.body ?? '').includes('sync-collection')) {
      pending = null;
      await hook();
    }
  };
  return {
    http: {
      request: async (req) => {
        await fire(req);
        return inner.request(req);
      },
      requestStream: async (req) => {
        await fire(req);
        return inner.requestStream(req);
      },
    },
    beforePull: (hook) => {
      pending = hook;
    },
  };
}

test('both sides changed before the push ran: the pull decides, the newer change wins and the loser is recorded', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const door = hookedHttp();
  const w = await world(rad, 'pull-conflict', { http: door.http });
  try {
    const remoteNewer = await w.ts.store.records.create(
      janeActor(w),
      'Events',
      eventInput('Base A', '2035-07-01 08:00:00', '2035-07-01 09:00:00'),
    );
    const crmNewer = await w.ts.store.records.create(
      janeActor(w),
      'Events',
      eventInput('Base B', '2035-07-02 08:00:00', '2035-07-02 09:00:00'),
    );
    const link = await linkAlice(w, rad);
    t.true((await w.bridge.syncNow(link.id)).ok);
    const hrefOf = (id: number): string => `${w.calendar}crm-${id}%40gateway.ics`;
    await remote.put(
      hrefOf(remoteNewer.id),
      vevent(`crm-${remoteNewer.id}@gateway`, [
        'DTSTART:20350701T080000Z',
        'DTEND:20350701T090000Z',
        'SUMMARY:Phone says A',
        'LAST-MODIFIED:20990101T000000Z',
      ]),
    );
    await remote.put(
      hrefOf(crmNewer.id),
      vevent(`crm-${crmNewer.id}@gateway`, [
        'DTSTART:20350702T080000Z',
        'DTEND:20350702T090000Z',
        'SUMMARY:Phone says B',
        'LAST-MODIFIED:20200101T000000Z',
      ]),
    );
    // The CRM edits land after this run's push phase and before its pull: only the pull sees both sides.
    door.beforePull(async () => {
      await w.ts.store.records.update(
        janeActor(w),
        'Events',
        remoteNewer.id,
        { values: { subject: 'CRM says A' } },
        'revise',
      );
      await w.ts.store.records.update(
        janeActor(w),
        'Events',
        crmNewer.id,
        { values: { subject: 'CRM says B' } },
        'revise',
      );
    });
    const run = await w.bridge.syncNow(link.id);
    t.true(run.ok, run.error ?? '');
    t.is(run.counts.conflicts, 2);
    t.is(run.counts.pushedUpdated, 0, 'the push phase had nothing yet');
    t.is(run.counts.pulledUpdated, 1);
    t.is((await readEvent(w, remoteNewer.id))?.values['subject'], 'Phone says A');
    t.is((await readEvent(w, crmNewer.id))?.values['subject'], 'CRM says B');
    const entry = await w.ts.store.exchangeLog.get(run.exchangeId ?? 0);
    const details = JSON.parse(entry?.details ?? '{}') as {
      conflicts: { recordId: number; winner: string; loser: { subject: string } }[];
    };
    const byId = new Map(details.conflicts.map((c) => [c.recordId, c]));
    t.like(byId.get(remoteNewer.id), { winner: 'remote', loser: { subject: 'CRM says A' } });
    t.like(byId.get(crmNewer.id), { winner: 'crm', loser: { subject: 'Phone says B' } });
    // The next run sends the CRM's winner out and leaves the remote's winner alone; then all is settled.
    const next = await w.bridge.syncNow(link.id);
    t.true(next.ok, next.error ?? '');
    t.is(next.counts.pushedUpdated, 1);
    t.regex((await remote.get(hrefOf(crmNewer.id))).body, /SUMMARY:CRM says B/);
    t.regex((await remote.get(hrefOf(remoteNewer.id))).body, /SUMMARY:Phone says A/);
    const settled = await w.bridge.syncNow(link.id);
    t.is(settled.counts.pushedUpdated + settled.counts.pulledUpdated + settled.counts.conflicts, 0);
    t.is((await eventsOf(w)).length, 2);
  } finally {
    await w.dispose();
  }
});

// One sync per link at a time across processes (migration 0014, sync/lease.ts): two bridge engines
// on one database (a `caldav-link sync` next to the server's job, or two replicas on PostgreSQL)
// syncing the same link at the same moment never duplicate a record or a remote object. With no
// wait one of them reports the link busy; with the default wait the second runs after the first.
// A run that loses its lease (taken over after a stall) stops before it writes more.
import test from 'ava';
import { CaldavBridge } from '../../../gateway/caldav-bridge/service.js';
import { startFaultProxy } from './fault-proxy.js';
import {
  bridgeConfig,
  DB_KINDS,
  dbStore,
  eventInput,
  eventsOf,
  janeActor,
  linkAlice,
  radicale,
  remote,
  stopRadicale,
  vevent,
  world,
} from './fixture.js';

test.after.always(stopRadicale);

for (const kind of DB_KINDS) {
  test(`two engines syncing one link at once duplicate nothing [${kind}]`, async (t) => {
    t.timeout(90_000);
    const rad = await radicale(t);
    if (!rad) return;
    const db = await dbStore(kind, t);
    if (!db) return;
    const w = await world(rad, `lease-${kind}`, {}, 3000, db.ts);
    const twinStore = await db.twin();
    try {
      for (let i = 0; i < 8; i++) {
        await remote.put(
          `${w.calendar}r${i}.ics`,
          vevent(`r${i}@lease`, [
            `DTSTART:2044010${i + 1}T100000Z`,
            `DTEND:2044010${i + 1}T110000Z`,
            `SUMMARY:Remote ${i}`,
          ]),
        );
        await w.ts.store.records.create(
          janeActor(w),
          'Events',
          eventInput(`CRM ${i}`, `2044-02-0${i + 1} 09:00:00`, `2044-02-0${i + 1} 10:00:00`),
        );
      }
      const link = await linkAlice(w, rad);
      const noWait = { backoffBaseMs: 50, backoffMaxMs: 200, lease: { waitMs: 0 } };
      const a = new CaldavBridge(w.ts.store, bridgeConfig(w.ts.dir ?? '.'), noWait);
      const b = new CaldavBridge(twinStore, bridgeConfig(w.ts.dir ?? '.'), noWait);
      const [ra, rb] = await Promise.all([a.syncNow(link.id), b.syncNow(link.id)]);
      const outcomes = [ra, rb];
      t.is(outcomes.filter((o) => o.ok).length, 1, JSON.stringify(outcomes));
      const busy = outcomes.find((o) => o.busy);
      t.truthy(busy);
      t.regex(busy?.error ?? '', /is busy: another sync of it is running/);
      t.is(busy?.exchangeId, null, 'a busy run writes nothing');
      t.is((await eventsOf(w)).length, 16);
      t.is((await remote.list(w.calendar)).length, 16);

      // More changes on both sides, then both engines again, now waiting for each other: both succeed.
      for (let i = 0; i < 4; i++) {
        await remote.put(
          `${w.calendar}s${i}.ics`,
          vevent(`s${i}@lease`, [
            `DTSTART:2044030${i + 1}T100000Z`,
            `DTEND:2044030${i + 1}T110000Z`,
            `SUMMARY:Second ${i}`,
          ]),
        );
        await w.ts.store.records.create(
          janeActor(w),
          'Events',
          eventInput(`CRM later ${i}`, `2044-04-0${i + 1} 09:00:00`, `2044-04-0${i + 1} 10:00:00`),
        );
      }
      const waiting = { lease: { waitMs: 20_000, pollMs: 50 } };
      const a2 = new CaldavBridge(w.ts.store, bridgeConfig(w.ts.dir ?? '.'), waiting);
      const b2 = new CaldavBridge(twinStore, bridgeConfig(w.ts.dir ?? '.'), waiting);
      const both = await Promise.all([a2.syncNow(link.id), b2.syncNow(link.id)]);
      t.true(
        both.every((o) => o.ok),
        JSON.stringify(both),
      );
      t.is(
        both.reduce((n, o) => n + o.counts.pulledCreated, 0),
        4,
      );
      t.is(
        both.reduce((n, o) => n + o.counts.pushedCreated, 0),
        4,
      );
      const subjects = (await eventsOf(w)).map((e) => e.values['subject']);
      t.is(subjects.length, 24);
      t.is(new Set(subjects).size, 24, 'no duplicate in the CRM');
      t.is((await remote.list(w.calendar)).length, 24, 'no duplicate remotely');
      const lease = await w.ts.store.db
        .knex('bridge_links')
        .where({ id: link.id })
        .first<{ lease_holder: string | null }>('lease_holder');
      t.is(lease?.lease_holder, null, 'the lease is released after the runs');
    } finally {
      await twinStore.close();
      await w.dispose();
    }
  });
}

test('a run whose lease was taken over stops before writing more, and the next run finishes without duplicates', async (t) => {
  t.timeout(90_000);
  const rad = await radicale(t);
  if (!rad) return;
  const proxy = await startFaultProxy(rad.url);
  const w = await world(rad, 'lease-lost');
  try {
    for (let i = 0; i < 20; i++)
      await w.ts.store.records.create(
        janeActor(w),
        'Events',
        eventInput(
          `CRM ${i}`,
          `2045-01-${String(i + 1).padStart(2, '0')} 09:00:00`,
          `2045-01-${String(i + 1).padStart(2, '0')} 10:00:00`,
        ),
      );
    const link = await linkAlice(w, rad, proxy.url);
    proxy.fault = 'slow';
    const bridge = new CaldavBridge(w.ts.store, bridgeConfig(w.ts.dir ?? '.'), {
      lease: { ttlMs: 400, waitMs: 0 },
    });
    const running = bridge.syncNow(link.id);
    const end = Date.now() + 20_000;
    while (proxy.seen.filter((s) => s.startsWith('PUT')).length < 4 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    // Another holder takes the link over (as after a stall past the expiry).
    await w.ts.store.db
      .knex('bridge_links')
      .where({ id: link.id })
      .update({ lease_holder: 'thief:1' });
    const outcome = await running;
    t.true(outcome.busy, JSON.stringify(outcome));
    t.regex(outcome.error ?? '', /lease of CalDAV link \d+ was lost/);
    const putsAtStop = proxy.seen.filter((s) => s.startsWith('PUT')).length;
    t.true(putsAtStop < 20, `stopped after ${putsAtStop} PUTs`);
    t.false((await w.bridge.links.mustGet(link.id)).firstSyncDone);
    await w.ts.store.db
      .knex('bridge_links')
      .where({ id: link.id })
      .update({ lease_holder: null, lease_until: null });
    proxy.fault = 'none';
    const again = await w.bridge.syncNow(link.id);
    t.true(again.ok, again.error ?? '');
    t.is((await remote.list(w.calendar)).length, 20, 'no duplicates remotely');
    t.is((await eventsOf(w)).length, 20, 'no duplicates in the CRM');
  } finally {
    await w.dispose();
    await proxy.close();
  }
});

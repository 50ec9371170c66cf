// First sync both ways: remote events missing in the CRM become Events of the linked user;
// the user's activities with a date not in the past go to the remote calendar; past ones stay.
// A second sync changes nothing (no duplicates either way).
import test from 'ava';
import {
  DB_KINDS,
  eventInput,
  eventsOf,
  janeActor,
  linkAlice,
  radicale,
  remote,
  stopRadicale,
  vevent,
  worldOn,
} from './fixture.js';

test.after.always(stopRadicale);

for (const kind of DB_KINDS) {
  test(`first sync brings remote events in and sends future CRM activities out, once [${kind}]`, async (t) => {
    const rad = await radicale(t);
    if (!rad) return;
    const w = await worldOn(kind, rad, 'first-sync', t);
    if (!w) return;
    try {
      await remote.put(
        `${w.calendar}r1.ics`,
        vevent('r1@remote', [
          'DTSTART:20300105T090000Z',
          'DTEND:20300105T100000Z',
          'SUMMARY:Remote one',
          'DESCRIPTION:from the phone',
          'LOCATION:Room 7',
          'X-KEEP:yes',
        ]),
      );
      await remote.put(
        `${w.calendar}r2.ics`,
        vevent('r2@remote', [
          'DTSTART:20200105T090000Z',
          'DTEND:20200105T100000Z',
          'SUMMARY:Remote past',
        ]),
      );
      const future = await w.ts.store.records.create(
        janeActor(w),
        'Events',
        eventInput('CRM future', '2031-02-03 10:00:00', '2031-02-03 11:30:00', 'agenda'),
      );
      await w.ts.store.records.create(
        janeActor(w),
        'Events',
        eventInput('CRM past', '2019-02-03 10:00:00', '2019-02-03 11:00:00'),
      );
      const link = await linkAlice(w, rad);
      const first = await w.bridge.syncNow(link.id);
      t.true(first.ok, first.error ?? '');
      t.is(first.counts.pulledCreated, 2);
      t.is(first.counts.pushedCreated, 1);
      const events = await eventsOf(w);
      t.deepEqual(events.map((e) => e.values['subject']).sort(), [
        'CRM future',
        'CRM past',
        'Remote one',
        'Remote past',
      ]);
      const one = events.find((e) => e.values['subject'] === 'Remote one');
      t.is(one?.values['date_start'], '2030-01-05');
      t.is(one?.values['time_start'], '09:00:00');
      t.is(one?.values['description'], 'from the phone');
      t.deepEqual(one?.owner, { kind: 'user', id: w.userId });
      const hrefs = await remote.list(w.calendar);
      t.is(hrefs.length, 3);
      const pushed = hrefs.find((h) => h.includes(`crm-${future.id}`));
      t.truthy(pushed);
      const body = (await remote.get(pushed as string)).body;
      t.regex(body, /SUMMARY:CRM future/);
      t.regex(body, /DTSTART:20310203T100000Z/);
      t.regex(body, /DTEND:20310203T113000Z/);
      t.regex(body, /DESCRIPTION:agenda/);
      const links = await w.ts.store.syncLinks.forConnection('caldav-bridge', String(link.id));
      t.is(links.length, 3);
      t.true(links.every((l) => l.remoteEtag !== null));

      const second = await w.bridge.syncNow(link.id);
      t.true(second.ok, second.error ?? '');
      t.deepEqual(Object.values(second.counts), [0, 0, 0, 0, 0, 0, 0, 0]);
      t.is((await eventsOf(w)).length, 4);
      t.is((await remote.list(w.calendar)).length, 3);
      const after = await w.bridge.links.mustGet(link.id);
      t.true(after.firstSyncDone);
      t.not(after.lastSyncAt, null);
      t.is(after.lastError, null);
    } finally {
      await w.dispose();
    }
  });
}

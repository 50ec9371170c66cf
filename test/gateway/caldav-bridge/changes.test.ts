// Later changes both ways: CRM create/update/delete reach the remote calendar, remote
// create/update/delete reach the CRM, and only the four synced fields change on either side: what
// else the remote object holds (location, X- properties, alarms) survives a CRM edit.
import test from 'ava';
import { CalendarObjectRepository } from '../../../store/caldav/calendar-objects.js';
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

for (const kind of DB_KINDS) {
  test(`CRM create, update and delete reach the remote calendar; other remote properties survive [${kind}]`, async (t) => {
    const rad = await radicale(t);
    if (!rad) return;
    const w = await worldOn(kind, rad, 'crm-changes', t);
    if (!w) return;
    try {
      const link = await linkAlice(w, rad);
      t.true((await w.bridge.syncNow(link.id)).ok);
      const rec = await w.ts.store.records.create(
        janeActor(w),
        'Events',
        eventInput('Kick-off', '2032-03-01 08:00:00', '2032-03-01 09:00:00'),
      );
      const run1 = await w.bridge.runDue();
      t.is(run1[0]?.counts.pushedCreated, 1);
      const [href] = await remote.list(w.calendar);
      t.truthy(href);
      // The user adds a location and an alarm on their phone; the CRM then edits the subject and times.
      const got = await remote.get(href as string);
      const withExtras = got.body.replace(
        'END:VEVENT',
        'LOCATION:Room 9\r\nX-PHONE:kept\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:soon\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT',
      );
      t.true((await remote.put(href as string, withExtras)) < 300);
      t.true((await w.bridge.syncNow(link.id)).ok);
      await w.ts.store.records.update(
        janeActor(w),
        'Events',
        rec.id,
        eventInput(
          'Kick-off (moved)',
          '2032-03-02 10:00:00',
          '2032-03-02 11:15:00',
          'bring slides',
        ),
        'revise',
      );
      const run2 = await w.bridge.runDue();
      t.is(run2[0]?.counts.pushedUpdated, 1);
      const body = (await remote.get(href as string)).body;
      t.regex(body, /SUMMARY:Kick-off \(moved\)/);
      t.regex(body, /DTSTART:20320302T100000Z/);
      t.regex(body, /DTEND:20320302T111500Z/);
      t.regex(body, /DESCRIPTION:bring slides/);
      t.regex(body, /LOCATION:Room 9/);
      t.regex(body, /X-PHONE:kept/);
      t.regex(body, /TRIGGER:-PT15M/);
      await w.ts.store.recycleBin.delete(janeActor(w), 'Events', rec.id);
      const run3 = await w.bridge.runDue();
      t.is(run3[0]?.counts.pushedDeleted, 1);
      t.deepEqual(await remote.list(w.calendar), []);
    } finally {
      await w.dispose();
    }
  });
}

for (const kind of DB_KINDS) {
  test(`remote create, update and delete reach the CRM [${kind}]`, async (t) => {
    const rad = await radicale(t);
    if (!rad) return;
    const w = await worldOn(kind, rad, 'remote-changes', t);
    if (!w) return;
    try {
      const link = await linkAlice(w, rad);
      t.true((await w.bridge.syncNow(link.id)).ok);
      const href = `${w.calendar}phone-1.ics`;
      await remote.put(
        href,
        vevent('phone-1@x', [
          'DTSTART:20330101T120000Z',
          'DTEND:20330101T130000Z',
          'SUMMARY:Lunch',
        ]),
      );
      t.is((await w.bridge.syncNow(link.id)).counts.pulledCreated, 1);
      const [ev] = await eventsOf(w);
      t.is(ev?.values['subject'], 'Lunch');
      await remote.put(
        href,
        vevent('phone-1@x', [
          'DTSTART:20330101T123000Z',
          'DTEND:20330101T133000Z',
          'SUMMARY:Late lunch',
          'DESCRIPTION:with Bob',
        ]),
      );
      t.is((await w.bridge.syncNow(link.id)).counts.pulledUpdated, 1);
      const updated = await readEvent(w, ev?.id ?? 0);
      t.is(updated?.values['subject'], 'Late lunch');
      t.is(updated?.values['time_start'], '12:30:00');
      t.is(updated?.values['description'], 'with Bob');
      // Our own pull must not echo back as a push.
      const echo = await w.bridge.runDue();
      t.is(echo[0]?.counts.pushedUpdated ?? 0, 0);
      await remote.del(href);
      t.is((await w.bridge.syncNow(link.id)).counts.pulledDeleted, 1);
      t.deepEqual(await eventsOf(w), []);
      t.is(
        (await w.ts.store.recycleBin.list()).length,
        1,
        'the deleted event is restorable from the recycle bin',
      );
    } finally {
      await w.dispose();
    }
  });
}

const SERIES = [
  'DTSTART:20340105T090000Z',
  'DTEND:20340105T100000Z',
  'RRULE:FREQ=WEEKLY;COUNT=6',
  'EXDATE:20340119T090000Z',
  'SUMMARY:Weekly',
];
const MOVED = [
  'BEGIN:VEVENT',
  'UID:series@x',
  'DTSTAMP:20260101T000000Z',
  'RECURRENCE-ID:20340112T090000Z',
  'DTSTART:20340112T150000Z',
  'DTEND:20340112T160000Z',
  'SUMMARY:Weekly (moved)',
  'END:VEVENT',
];

test('a remote recurring event keeps its rule, exception and moved instance through a CRM edit', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'recurring-in');
  try {
    const link = await linkAlice(w, rad);
    const href = `${w.calendar}series.ics`;
    await remote.put(
      href,
      vevent('series@x', SERIES).replace('END:VCALENDAR', MOVED.join('\r\n') + '\r\nEND:VCALENDAR'),
    );
    t.true((await w.bridge.syncNow(link.id)).ok);
    const [ev] = await eventsOf(w);
    t.is(ev?.values['subject'], 'Weekly');
    t.is(ev?.values['date_start'], '2034-01-05');
    await w.ts.store.records.update(
      janeActor(w),
      'Events',
      ev?.id ?? 0,
      { values: { subject: 'Weekly sync', description: 'agenda in the wiki' } },
      'revise',
    );
    t.is((await w.bridge.runDue())[0]?.counts.pushedUpdated, 1);
    const body = (await remote.get(href)).body;
    t.regex(body, /RRULE:FREQ=WEEKLY;COUNT=6/);
    t.regex(body, /EXDATE:20340119T090000Z/);
    t.regex(body, /RECURRENCE-ID:20340112T090000Z/);
    t.regex(body, /SUMMARY:Weekly \(moved\)/);
    t.regex(body, /SUMMARY:Weekly sync/);
    t.regex(body, /DTSTART:20340105T090000Z/);
    // The CRM moves the series an hour later: exceptions and the moved instance move with it.
    await w.ts.store.records.update(
      janeActor(w),
      'Events',
      ev?.id ?? 0,
      { values: { time_start: '10:00:00', time_end: '11:00:00' } },
      'revise',
    );
    t.is((await w.bridge.runDue())[0]?.counts.pushedUpdated, 1);
    const moved = (await remote.get(href)).body;
    t.regex(moved, /DTSTART:20340105T100000Z/);
    t.regex(moved, /DTEND:20340105T110000Z/);
    t.regex(moved, /EXDATE:20340119T100000Z/);
    t.regex(moved, /RECURRENCE-ID:20340112T100000Z/);
    t.regex(moved, /DTSTART:20340112T150000Z/, 'the moved instance keeps its own time');
    t.regex(moved, /RRULE:FREQ=WEEKLY;COUNT=6/);
    t.true((await w.bridge.syncNow(link.id)).ok);
    t.is((await eventsOf(w))[0]?.values['time_start'], '10:00:00', 'no echo undoes the move');
  } finally {
    await w.dispose();
  }
});

test('a CRM recurring event stored by a calendar app goes out with its rule, exception and moved instance', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'recurring-out');
  try {
    const rec = await w.ts.store.records.create(janeActor(w), 'Events', {
      values: {
        ...eventInput('Weekly', '2034-01-05 09:00:00', '2034-01-05 10:00:00').values,
        recurringtype: 'Weekly',
      },
    });
    const ics = vevent('app-series@x', SERIES).replace(
      'END:VCALENDAR',
      MOVED.join('\r\n').replace('series@x', 'app-series@x') + '\r\nEND:VCALENDAR',
    );
    await new CalendarObjectRepository(w.ts.store.db.knex).put({
      recordId: rec.id,
      module: 'Events',
      uid: 'app-series@x',
      name: 'app-series.ics',
      ics,
      recordModified: rec.modifiedTime,
      rangeStartUtc: '20340105T090000Z',
      rangeEndUtc: '20340209T100000Z',
    });
    const link = await linkAlice(w, rad);
    const run = await w.bridge.syncNow(link.id);
    t.is(run.counts.pushedCreated, 1, run.error ?? '');
    const [href] = await remote.list(w.calendar);
    const body = (await remote.get(href as string)).body;
    t.regex(body, /UID:app-series@x/);
    t.regex(body, /RRULE:FREQ=WEEKLY;COUNT=6/);
    t.regex(body, /EXDATE:20340119T090000Z/);
    t.regex(body, /RECURRENCE-ID:20340112T090000Z/);
    t.regex(body, /SUMMARY:Weekly \(moved\)/);
  } finally {
    await w.dispose();
  }
});

test('tasks go both ways as VTODO: DTSTART and DUE carry start and end', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'tasks');
  try {
    const task = await w.ts.store.records.create(janeActor(w), 'Calendar', {
      values: {
        subject: 'Send offer',
        description: 'v2',
        date_start: '2036-04-01',
        time_start: '09:00:00',
        due_date: '2036-04-03',
        time_end: '17:00:00',
      },
    });
    await remote.put(
      `${w.calendar}todo.ics`,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//t//EN',
        'BEGIN:VTODO',
        'UID:todo@x',
        'DTSTAMP:20260101T000000Z',
        'DTSTART:20360501T080000Z',
        'DUE:20360502T120000Z',
        'SUMMARY:Call back',
        'PRIORITY:1',
        'END:VTODO',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const link = await linkAlice(w, rad);
    const run = await w.bridge.syncNow(link.id);
    t.true(run.ok, run.error ?? '');
    t.is(run.counts.pushedCreated, 1);
    t.is(run.counts.pulledCreated, 1);
    const pushed = (await remote.list(w.calendar)).find((h) =>
      h.includes(`crm-${task.id}`),
    ) as string;
    const body = (await remote.get(pushed)).body;
    t.regex(body, /BEGIN:VTODO/);
    t.regex(body, /DUE:20360403T170000Z/);
    const tasks = await w.ts.store.records.list(
      { userId: w.userId, isAdmin: true, groupIds: [] },
      'Calendar',
    );
    const pulled = tasks.find((r) => r.values['subject'] === 'Call back');
    t.like(pulled?.values, {
      date_start: '2036-05-01',
      time_start: '08:00:00',
      due_date: '2036-05-02',
      time_end: '12:00:00',
      taskstatus: 'Not Started',
    });
    t.deepEqual(pulled?.owner, { kind: 'user', id: w.userId });
    await w.ts.store.records.update(
      janeActor(w),
      'Calendar',
      pulled?.id ?? 0,
      { values: { due_date: '2036-05-04' } },
      'revise',
    );
    t.is((await w.bridge.runDue())[0]?.counts.pushedUpdated, 1);
    const todo = (await remote.get(`${w.calendar}todo.ics`)).body;
    t.regex(todo, /DUE:20360504T120000Z/);
    t.regex(todo, /PRIORITY:1/);
    t.notRegex(todo, /DTEND/);
  } finally {
    await w.dispose();
  }
});

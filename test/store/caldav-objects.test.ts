// The CalDAV repositories on SQLite and PostgreSQL: calendar members by owner with time-range
// candidates from the stored first/last instance (gateway/caldav/README.md §3; null last =
// endless), batch reads past one batch, href names from sync links, and per-user calendar
// properties.
import { CalendarObjectRepository } from '../../store/caldav/calendar-objects.js';
import { CalendarPropsRepository, NO_PROPS } from '../../store/caldav/calendar-props.js';
import { parseObject } from '../../formats/ical/parse-ics.js';
import { objectToKeep } from '../../sync/calendar/stored-object.js';
import { storeTest } from '../helpers/databases.js';
import type { TestStore } from '../helpers/store.js';

async function event(
  ts: TestStore,
  subject: string,
  owner?: { kind: 'user' | 'group'; id: number },
): Promise<number> {
  const rec = await ts.store.records.create(ts.admin, 'Events', {
    values: {
      subject,
      date_start: '2026-03-01',
      time_start: '08:00:00',
      due_date: '2026-03-01',
      time_end: '09:00:00',
    },
    ...(owner ? { owner } : {}),
  });
  return rec.id;
}

async function stored(
  ts: TestStore,
  objects: CalendarObjectRepository,
  id: number,
  start: string | null,
  end: string | null,
): Promise<void> {
  const modified =
    (await ts.store.db.knex('crm_entities').where({ id }).first<{ modifiedtime: string }>())
      ?.modifiedtime ?? '';
  await objects.put({
    recordId: id,
    module: 'Events',
    uid: `u${id}`,
    name: `n${id}.ics`,
    ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
    recordModified: modified,
    rangeStartUtc: start,
    rangeEndUtc: end,
  });
}

storeTest(
  'members by owner; a window keeps overlapping, endless, never-stored and CRM-edited records',
  async (t, ts) => {
    const objects = new CalendarObjectRepository(ts.store.db.knex);
    const me = ts.admin.userId;
    const past = await event(ts, 'past');
    const inside = await event(ts, 'inside');
    const endless = await event(ts, 'endless');
    const future = await event(ts, 'future');
    const plain = await event(ts, 'never stored');
    const edited = await event(ts, 'edited');
    await stored(ts, objects, past, '20250101T080000Z', '20250101T090000Z');
    await stored(ts, objects, inside, '20260310T080000Z', '20260310T090000Z');
    await stored(ts, objects, endless, '20200101T080000Z', null);
    await stored(ts, objects, future, '20270101T080000Z', '20270101T090000Z');
    await stored(ts, objects, edited, '20250101T080000Z', '20250101T090000Z');
    await ts.store.db
      .knex('caldav_objects')
      .where({ record_id: edited })
      .update({ record_modified: '2000-01-01 00:00:00' });
    const group = await ts.store.groups.create('Team');
    const theirs = await event(ts, 'group', { kind: 'group', id: group.id });

    const all = await objects.membersOf('Events', { kind: 'user', id: me });
    t.deepEqual(
      all.map((m) => m.recordId),
      [past, inside, endless, future, plain, edited],
    );
    t.deepEqual(
      all.map((m) => m.rangeCurrent),
      [true, true, true, true, false, false],
    );
    const march = await objects.membersOf(
      'Events',
      { kind: 'user', id: me },
      { from: '20260301T000000Z', to: '20260401T000000Z' },
    );
    t.deepEqual(
      march.map((m) => m.recordId),
      [inside, endless, plain, edited],
    );
    const openEnd = await objects.membersOf(
      'Events',
      { kind: 'user', id: me },
      { from: '20261201T000000Z', to: null },
    );
    t.deepEqual(
      openEnd.map((m) => m.recordId),
      [endless, future, plain, edited],
    );
    const openStart = await objects.membersOf(
      'Events',
      { kind: 'user', id: me },
      { from: null, to: '20250102T000000Z' },
    );
    t.deepEqual(
      openStart.map((m) => m.recordId),
      [past, endless, plain, edited],
    );
    t.deepEqual(
      (await objects.membersOf('Events', { kind: 'group', id: group.id })).map((m) => m.recordId),
      [theirs],
    );
    await ts.store.recycleBin.delete(ts.admin, 'Events', inside);
    t.false(
      (await objects.membersOf('Events', { kind: 'user', id: me })).some(
        (m) => m.recordId === inside,
      ),
      'deleted records leave',
    );
    t.deepEqual(
      [...(await objects.names([inside]))],
      [[inside, `n${inside}.ics`]],
      'the stored name stays for the 404',
    );
  },
);

storeTest('batch reads cross the batch size; href names by record and by name', async (t, ts) => {
  const objects = new CalendarObjectRepository(ts.store.db.knex);
  const ids: number[] = [];
  for (let i = 0; i < 505; i++) ids.push(await event(ts, `e${i}`));
  for (const id of ids.slice(-7)) await stored(ts, objects, id, null, null);
  const records = await objects.records('Events', ids);
  t.is(records.size, 505);
  t.is(records.get(ids[504] as number)?.values['subject'], 'e504');
  t.is((await objects.getMany(ids)).size, 7);
  for (const [i, id] of ids.slice(0, 3).entries()) {
    await ts.store.syncLinks.upsert({
      system: 'caldav',
      connection: 'u1/events',
      remoteId: `name-${i}.ics`,
      recordId: id,
      module: 'Events',
      remoteEtag: null,
      contentHash: null,
    });
  }
  await ts.store.syncLinks.upsert({
    system: 'caldav',
    connection: 'u2/events',
    remoteId: 'other.ics',
    recordId: ids[3] as number,
    module: 'Events',
    remoteEtag: null,
    contentHash: null,
  });
  const byRecord = await objects.linkNames('caldav', 'u1/events', { recordIds: ids });
  t.deepEqual([...byRecord.values()].sort(), ['name-0.ics', 'name-1.ics', 'name-2.ics']);
  const byName = await objects.linkNames('caldav', 'u1/events', {
    names: ['name-1.ics', 'other.ics', 'missing.ics'],
  });
  t.deepEqual([...byName], [[ids[1], 'name-1.ics']]);
});

storeTest(
  'calendar properties are kept per user and calendar and replaced whole',
  async (t, ts) => {
    const props = new CalendarPropsRepository(ts.store.db.knex);
    const other = await ts.store.users.create({
      userName: 'other',
      password: 'other-password-1',
      lastName: 'Other',
    });
    t.deepEqual(await props.get(ts.admin.userId, 'events'), NO_PROPS);
    await props.put(ts.admin.userId, 'events', {
      displayName: 'Mine',
      color: '#112233',
      description: 'd',
      order: 2,
    });
    await props.put(ts.admin.userId, 'group-7-tasks', { ...NO_PROPS, color: '#445566' });
    await props.put(ts.admin.userId, 'events', { ...NO_PROPS, displayName: 'Renamed' });
    t.deepEqual(await props.get(ts.admin.userId, 'events'), {
      ...NO_PROPS,
      displayName: 'Renamed',
    });
    t.deepEqual(await props.get(other.id, 'events'), NO_PROPS);
    t.deepEqual([...(await props.forUser(ts.admin.userId)).keys()].sort(), [
      'events',
      'group-7-tasks',
    ]);
  },
);

storeTest(
  'a UID is looked up within one calendar collection: objects of another owner or module do not count',
  async (t, ts) => {
    const objects = new CalendarObjectRepository(ts.store.db.knex);
    const me = { kind: 'user', id: ts.admin.userId } as const;
    const other = await ts.store.users.create({
      userName: 'other',
      password: 'other-password-1',
      lastName: 'Other',
    });
    const them = { kind: 'user', id: other.id } as const;
    const mine = await event(ts, 'mine');
    const theirs = await event(ts, 'theirs', them);
    await stored(ts, objects, mine, null, null);
    await stored(ts, objects, theirs, null, null);
    await ts.store.db.knex('caldav_objects').update({ uid: 'shared@example.com' });

    t.deepEqual(await objects.idsByUid('Events', me, 'shared@example.com'), [mine]);
    t.deepEqual(await objects.idsByUid('Events', them, 'shared@example.com'), [theirs]);
    t.deepEqual(await objects.idsByUid('Calendar', me, 'shared@example.com'), []);

    // The bridge keeps an incoming object whose UID only another user's calendar holds.
    const parsed = parseObject(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:shared@example.com\r\n' +
        'DTSTAMP:20260101T000000Z\r\nDTSTART:20260301T080000Z\r\nDTEND:20260301T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      'VEVENT',
    );
    const third = await event(ts, 'third', them);
    const record = await ts.store.records.get(ts.admin, 'Events', third);
    if (!record) throw new Error('no record');
    const kept = await ts.store.db.knex.transaction((trx) =>
      objectToKeep(trx, record, parsed, 'ics'),
    );
    t.is(kept, null, 'the owner already holds the UID in that calendar');
    const fourth = await event(ts, 'fourth');
    await ts.store.db.knex('caldav_objects').where({ record_id: mine }).delete();
    const mineNow = await ts.store.records.get(ts.admin, 'Events', fourth);
    if (!mineNow) throw new Error('no record');
    const keptMine = await ts.store.db.knex.transaction((trx) =>
      objectToKeep(trx, mineNow, parsed, 'ics'),
    );
    t.is(keptMine?.uid, 'shared@example.com', "another user's copy does not block it");
  },
);

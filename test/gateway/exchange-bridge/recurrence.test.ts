// Recurring series through the Exchange bridge against the sandbox (sync/providers/exchange/README.md
// "Recurring series"): a weekly series that crosses the 2027-03-28 DST change in Europe/Berlin,
// with a moved and a cancelled occurrence, both ways; endless series both ways; every body sent and
// every answer valid against Microsoft's schema.
import test from 'ava';
import { instancesIn } from '../../../formats/ical/instances.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';
import {
  CalendarObjectRepository,
  defaultObjectName,
} from '../../../store/caldav/calendar-objects.js';
import { CalendarObjectWriter } from '../../../store/caldav/calendar-writer.js';
import type { CrmRecord } from '../../../store/types.js';
import { crmValuesOf, storedObjectOf } from '../../../sync/calendar/stored-object.js';
import { checkTraffic, oracleAvailable } from '../../helpers/graph-oracle.js';
import { requirePeer } from '../../helpers/peers.js';
import { crmEvents, exchangeWorld, type ExchangeWorld } from './fixture.js';

const BERLIN = 'W. Europe Standard Time';
const at = (dateTime: string, timeZone = BERLIN): { dateTime: string; timeZone: string } => ({
  dateTime: `${dateTime}.0000000`,
  timeZone,
});
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

/** The weekly Tuesday series of six from 2027-03-16, 09:00–10:00 Berlin time, as Outlook keeps it. */
function remoteSeries(w: ExchangeWorld, subject: string): string {
  return w.box.add('event', 'calendar', {
    subject,
    body: { contentType: 'text', content: 'Standing meeting' },
    start: at('2027-03-16T09:00:00'),
    end: at('2027-03-16T10:00:00'),
    location: { displayName: 'Room 5' },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
      range: {
        type: 'numbered',
        startDate: '2027-03-16',
        numberOfOccurrences: 6,
        recurrenceTimeZone: BERLIN,
      },
    },
  }).id;
}

/** The start instants (UTC, to the minute) of the record's stored series. */
async function storedStarts(w: ExchangeWorld, record: CrmRecord): Promise<string[]> {
  const stored = await new CalendarObjectRepository(w.ts.store.db.knex).get(record.id);
  if (!stored) return [];
  return instancesIn(parseObject(stored.ics, 'VEVENT'), null, null, 50).map((i) => iso(i.startMs));
}

/** A CRM Event whose stored calendar object is `ics`, as a CalDAV client's PUT leaves it. */
async function crmSeries(w: ExchangeWorld, ics: string): Promise<CrmRecord> {
  const parsed = parseObject(ics, 'VEVENT');
  return new CalendarObjectWriter(w.ts.store.db.knex).write({
    actor: w.ts.admin,
    module: 'Events',
    recordId: null,
    values: { ...crmValuesOf(parsed), activitytype: 'Meeting' },
    object: (_trx, r) => Promise.resolve(storedObjectOf(r, parsed, ics, defaultObjectName(r.id))),
  });
}

const ics = (lines: readonly string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join(
    '\r\n',
  );

test('a remote weekly series across DST with a moved and a cancelled occurrence is one Event with its series', async (t) => {
  t.timeout(90_000);
  if (!requirePeer('python3-jsonschema', oracleAvailable(), t)) return;
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  const id = remoteSeries(w, 'Weekly review');
  const master = w.box.find('event', id);
  if (!master) throw new Error('no master');
  master.series = {
    cancelled: new Set(['2027-04-06']),
    exceptions: new Map([
      [
        '2027-03-30',
        {
          subject: 'Weekly review (moved)',
          start: at('2027-03-30T11:00:00'),
          end: at('2027-03-30T12:00:00'),
        },
      ],
    ]),
  };

  const first = await w.bridge.syncNow(w.linkId);
  t.true(first.ok, first.error ?? '');
  const events = await crmEvents(w);
  t.is(events.length, 1, 'the series is one record, not one per occurrence');
  const record = events[0] as CrmRecord;
  t.like(record.values, {
    subject: 'Weekly review',
    date_start: '2027-03-16',
    time_start: '08:00:00',
    recurringtype: 'Weekly',
  });
  // 09:00 in Berlin is 08:00Z before the change and 07:00Z after it; 03-30 moved, 04-06 cancelled.
  t.deepEqual(await storedStarts(w, record), [
    '2027-03-16T08:00',
    '2027-03-23T08:00',
    '2027-03-30T09:00',
    '2027-04-13T07:00',
    '2027-04-20T07:00',
  ]);
  const stored = await new CalendarObjectRepository(w.ts.store.db.knex).get(record.id);
  t.regex(stored?.ics ?? '', /DTSTART;TZID=Europe\/Berlin:20270316T090000/);
  t.regex(stored?.ics ?? '', /EXDATE;TZID=Europe\/Berlin:20270406T090000/);
  t.regex(stored?.ics ?? '', /RECURRENCE-ID;TZID=Europe\/Berlin:20270330T090000/);

  // Nothing goes back: the series read from Exchange is what the CRM now holds.
  const writesBefore = w.sandbox.requests.filter((r) => r.method !== 'GET').length;
  const second = await w.bridge.syncNow(w.linkId);
  t.true(second.ok, second.error ?? '');
  t.is(w.sandbox.requests.filter((r) => r.method !== 'GET').length, writesBefore);

  // Another occurrence cancelled in Outlook reaches the CRM's series.
  master.series.cancelled.add('2027-04-13');
  w.box.update(master, {});
  const third = await w.bridge.syncNow(w.linkId);
  t.true(third.ok, third.error ?? '');
  t.deepEqual(await storedStarts(w, record), [
    '2027-03-16T08:00',
    '2027-03-23T08:00',
    '2027-03-30T09:00',
    '2027-04-20T07:00',
  ]);
  t.is(checkTraffic(w.sandbox), '', 'every body sent and every answer fits the Graph schema');
});

test('a CRM series across DST goes to Exchange as one series with its moved and cancelled occurrences', async (t) => {
  t.timeout(90_000);
  if (!requirePeer('python3-jsonschema', oracleAvailable(), t)) return;
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  const record = await crmSeries(
    w,
    ics([
      'BEGIN:VEVENT',
      'UID:review@phone',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20270316T090000',
      'DTEND;TZID=Europe/Berlin:20270316T100000',
      'RRULE:FREQ=WEEKLY;COUNT=6',
      'EXDATE;TZID=Europe/Berlin:20270406T090000',
      'SUMMARY:Team sync',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:review@phone',
      'DTSTAMP:20260101T000000Z',
      'RECURRENCE-ID;TZID=Europe/Berlin:20270330T090000',
      'DTSTART;TZID=Europe/Berlin:20270330T140000',
      'DTEND;TZID=Europe/Berlin:20270330T150000',
      'SUMMARY:Team sync (afternoon)',
      'END:VEVENT',
    ]),
  );

  const first = await w.bridge.syncNow(w.linkId);
  t.true(first.ok, first.error ?? '');
  const posts = w.sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/events'));
  t.is(posts.length, 1, 'one create for the whole series');
  const masters = w.box.ofKind('event');
  t.is(masters.length, 1);
  const master = masters[0];
  t.like(master?.data, {
    subject: 'Team sync',
    transactionId: `crm-${record.id}@gateway`,
    start: { dateTime: '2027-03-16T09:00:00.0000000', timeZone: BERLIN },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
      range: { type: 'numbered', numberOfOccurrences: 6, startDate: '2027-03-16' },
    },
  });
  t.deepEqual([...(master?.series?.cancelled ?? [])], ['2027-04-06']);
  t.like(master?.series?.exceptions.get('2027-03-30'), {
    subject: 'Team sync (afternoon)',
    start: { dateTime: '2027-03-30T14:00:00.0000000', timeZone: BERLIN },
  });

  // The sandbox lays the series out on its own: 09:00 Berlin time on each side of the change.
  const url = `${w.url}/v1.0/users/${encodeURIComponent(w.box.address)}/events/${master?.id ?? ''}/instances?startDateTime=2027-03-01T00:00:00Z&endDateTime=2027-05-01T00:00:00Z`;
  const token = await fetch(`${w.url}/contoso/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'app-1',
      client_secret: 'app-secret',
      scope: 'https://graph.microsoft.com/.default',
    }),
  }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
  const listed = (await fetch(url, {
    headers: { authorization: `Bearer ${token}`, prefer: 'outlook.timezone="UTC"' },
  }).then((r) => r.json())) as { value: { start: { dateTime: string }; type: string }[] };
  t.deepEqual(
    listed.value.map((i) => `${i.start.dateTime.slice(0, 16)} ${i.type}`),
    [
      '2027-03-16T08:00 occurrence',
      '2027-03-23T08:00 occurrence',
      '2027-03-30T12:00 exception',
      '2027-04-13T07:00 occurrence',
      '2027-04-20T07:00 occurrence',
    ],
  );

  // A second run writes nothing: Exchange's series reads back as the CRM's.
  const writes = w.sandbox.requests.filter((r) => r.method !== 'GET').length;
  const second = await w.bridge.syncNow(w.linkId);
  t.true(second.ok, second.error ?? '');
  t.is(w.sandbox.requests.filter((r) => r.method !== 'GET').length, writes);
  t.is((await crmEvents(w)).length, 1);
  t.is(checkTraffic(w.sandbox), '', 'every body sent and every answer fits the Graph schema');
});

test('endless series stay one series both ways (one create for a CRM series begun in the past)', async (t) => {
  t.timeout(90_000);
  if (!requirePeer('python3-jsonschema', oracleAvailable(), t)) return;
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  w.box.add('event', 'calendar', {
    subject: 'Daily stand-up',
    start: at('2027-01-04T09:30:00', 'Pacific Standard Time'),
    end: at('2027-01-04T09:45:00', 'Pacific Standard Time'),
    recurrence: {
      pattern: { type: 'daily', interval: 1 },
      range: {
        type: 'noEnd',
        startDate: '2027-01-04',
        recurrenceTimeZone: 'Pacific Standard Time',
      },
    },
  });
  await crmSeries(
    w,
    ics([
      'BEGIN:VEVENT',
      'UID:monthly@phone',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20250106T100000',
      'DTEND;TZID=Europe/Berlin:20250106T110000',
      'RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1',
      'SUMMARY:Monthly planning',
      'END:VEVENT',
    ]),
  );

  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  const events = await crmEvents(w);
  t.deepEqual(
    events.map((e) => e.values['subject']),
    ['Daily stand-up', 'Monthly planning'],
  );
  const standup = events[0] as CrmRecord;
  const stored = await new CalendarObjectRepository(w.ts.store.db.knex).get(standup.id);
  t.regex(stored?.ics ?? '', /RRULE:FREQ=DAILY\r\n/);
  t.regex(stored?.ics ?? '', /DTSTART;TZID=America\/Los_Angeles:20270104T093000/);
  const posts = w.sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/events'));
  t.is(posts.length, 1);
  t.like(posts[0]?.body, {
    subject: 'Monthly planning',
    recurrence: {
      pattern: { type: 'relativeMonthly', daysOfWeek: ['monday'], index: 'first' },
      range: { type: 'noEnd', startDate: '2025-01-06' },
    },
  });
  t.is(w.box.ofKind('event').length, 2);
  t.is(checkTraffic(w.sandbox), '', 'every body sent and every answer fits the Graph schema');
});

test('a series with a pattern Graph does not define is skipped and logged; the run goes on', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  w.box.add('event', 'calendar', {
    subject: 'Odd rhythm',
    start: at('2027-02-01T09:00:00'),
    end: at('2027-02-01T10:00:00'),
    recurrence: {
      pattern: { type: 'fortnightlyish', interval: 1 },
      range: { type: 'noEnd', startDate: '2027-02-01' },
    },
  });
  w.box.add('event', 'calendar', {
    subject: 'Plain one',
    start: at('2027-02-02T09:00:00'),
    end: at('2027-02-02T10:00:00'),
  });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.deepEqual(
    (await crmEvents(w)).map((e) => e.values['subject']),
    ['Plain one'],
  );
});

// Recurrence cores with plain values (RFC 5545 §3.8.5, RFC 4791 §9.6.5/§9.9): DST transitions,
// EXDATE/RDATE, moved and cancelled instances, all-day, endless series and open-ended ranges.
import test from 'ava';
import { expandObject } from '../../../formats/ical/expand.js';
import { instancesIn, objectRange } from '../../../formats/ical/instances.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';

const cal = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const iso = (ms: number): string => new Date(ms).toISOString();
const D = (s: string): number => Date.parse(s);

const WEEKLY_BERLIN = cal(
  'BEGIN:VEVENT',
  'UID:w@t',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;TZID=Europe/Berlin:20260315T090000',
  'DTEND;TZID=Europe/Berlin:20260315T100000',
  'RRULE:FREQ=WEEKLY;COUNT=4',
  'SUMMARY:Weekly',
  'END:VEVENT',
);

test('a bare IANA TZID follows the DST change (Europe/Berlin, 29 March 2026)', (t) => {
  const obj = parseObject(WEEKLY_BERLIN, 'VEVENT');
  const starts = instancesIn(obj, null, null, 100).map((i) => iso(i.startMs));
  t.deepEqual(starts, [
    '2026-03-15T08:00:00.000Z',
    '2026-03-22T08:00:00.000Z',
    '2026-03-29T07:00:00.000Z',
    '2026-04-05T07:00:00.000Z',
  ]);
  const range = objectRange(obj);
  t.is(iso(range.end ?? 0), '2026-04-05T08:00:00.000Z');
});

test('EXDATE removes, RDATE adds, an override moves and expansion drops the rule properties', (t) => {
  const text = cal(
    'BEGIN:VEVENT',
    'UID:x@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260302T100000Z',
    'DTEND:20260302T110000Z',
    'RRULE:FREQ=DAILY;COUNT=5',
    'EXDATE:20260303T100000Z',
    'RDATE:20260310T100000Z',
    'SUMMARY:Daily',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:x@t',
    'DTSTAMP:20260101T000000Z',
    'RECURRENCE-ID:20260304T100000Z',
    'DTSTART:20260304T150000Z',
    'DTEND:20260304T160000Z',
    'SUMMARY:Moved',
    'END:VEVENT',
  );
  const obj = parseObject(text, 'VEVENT');
  const all = instancesIn(obj, null, null, 100);
  t.deepEqual(
    all.map((i) => iso(i.startMs)),
    [
      '2026-03-02T10:00:00.000Z',
      '2026-03-04T15:00:00.000Z',
      '2026-03-05T10:00:00.000Z',
      '2026-03-06T10:00:00.000Z',
      '2026-03-10T10:00:00.000Z',
    ],
  );
  t.is(all[1]?.component.getFirstPropertyValue('summary'), 'Moved');
  const expanded = expandObject(obj, D('2026-03-04T00:00:00Z'), D('2026-03-05T00:00:00Z'), 100).ics;
  t.regex(expanded, /RECURRENCE-ID:20260304T100000Z/);
  t.regex(expanded, /SUMMARY:Moved/);
  t.notRegex(expanded, /RRULE|EXDATE|RDATE/);
});

test('all-day weekly events expand with VALUE=DATE and take a whole day', (t) => {
  const text = cal(
    'BEGIN:VEVENT',
    'UID:a@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;VALUE=DATE:20260302',
    'RRULE:FREQ=WEEKLY;COUNT=3',
    'SUMMARY:Allday',
    'END:VEVENT',
  );
  const obj = parseObject(text, 'VEVENT');
  const hits = instancesIn(obj, D('2026-03-09T12:00:00Z'), D('2026-03-09T13:00:00Z'), 10);
  t.is(hits.length, 1);
  const expanded = expandObject(obj, D('2026-03-08T00:00:00Z'), D('2026-03-20T00:00:00Z'), 10).ics;
  t.regex(expanded, /DTSTART;VALUE=DATE:20260309/);
  t.regex(expanded, /RECURRENCE-ID;VALUE=DATE:20260309/);
});

test('an endless series has no last instance and an open-ended query stays bounded', (t) => {
  const text = cal(
    'BEGIN:VEVENT',
    'UID:e@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20000103T090000Z',
    'DTEND:20000103T100000Z',
    'RRULE:FREQ=DAILY',
    'SUMMARY:Forever',
    'END:VEVENT',
  );
  const obj = parseObject(text, 'VEVENT');
  t.is(objectRange(obj).end, null);
  const started = Date.now();
  const hits = instancesIn(obj, D('2026-11-01T00:00:00Z'), null, 50);
  t.is(hits.length, 50);
  t.is(iso(hits[0]?.startMs ?? 0), '2026-11-01T09:00:00.000Z');
  t.true(Date.now() - started < 5000);
});

test('a VTIMEZONE in the object is used (America/New_York across its DST change)', (t) => {
  const text = cal(
    'BEGIN:VTIMEZONE',
    'TZID:Custom/NY',
    'BEGIN:STANDARD',
    'DTSTART:19701101T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:19700308T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'UID:ny@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Custom/NY:20260301T090000',
    'DURATION:PT1H',
    'RRULE:FREQ=WEEKLY;COUNT=3',
    'END:VEVENT',
  );
  const obj = parseObject(text, 'VEVENT');
  t.deepEqual(
    instancesIn(obj, null, null, 10).map((i) => iso(i.startMs)),
    ['2026-03-01T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-15T13:00:00.000Z'],
  );
});

test('a Windows zone name is accepted and resolved (W. Europe Standard Time)', (t) => {
  const obj = parseObject(
    WEEKLY_BERLIN.replace(/Europe\/Berlin/g, 'W. Europe Standard Time'),
    'VEVENT',
  );
  t.is(iso(instancesIn(obj, null, null, 1)[0]?.startMs ?? 0), '2026-03-15T08:00:00.000Z');
});

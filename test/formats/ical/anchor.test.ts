// Iterating a series from an anchor near the window instead of DTSTART (gateway/caldav/README.md
// §3) gives the same instances as walking from DTSTART, and makes old endless series correct and
// cheap.
import test from 'ava';
import { instancesIn, overlaps } from '../../../formats/ical/instances.js';
import { parseObject, type ParsedObject } from '../../../formats/ical/parse-ics.js';

const cal = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const D = (s: string): number => Date.parse(s);
const iso = (ms: number): string => new Date(ms).toISOString();

/** Instances of the window, found by walking the whole series from DTSTART. */
function walked(obj: ParsedObject, from: number, to: number): string[] {
  return instancesIn(obj, null, null, 20_000)
    .filter((i) => overlaps(i, from, to))
    .map((i) => `${iso(i.startMs)}/${iso(i.endMs)}`)
    .sort();
}
function windowed(obj: ParsedObject, from: number, to: number): string[] {
  return instancesIn(obj, from, to, 1000)
    .map((i) => `${iso(i.startMs)}/${iso(i.endMs)}`)
    .sort();
}

const SERIES: Readonly<Record<string, string>> = {
  'daily, endless': cal(
    'BEGIN:VEVENT',
    'UID:a@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20220103T090000Z',
    'DTEND:20220103T093000Z',
    'RRULE:FREQ=DAILY',
    'END:VEVENT',
  ),
  'every third day until 2027, with an EXDATE': cal(
    'BEGIN:VEVENT',
    'UID:b@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20230101T220000Z',
    'DURATION:PT4H',
    'RRULE:FREQ=DAILY;INTERVAL=3;UNTIL=20270101T000000Z',
    'EXDATE:20260602T220000Z',
    'END:VEVENT',
  ),
  'weekly MO,WE,FR in Berlin across DST, an override moved into the window': cal(
    'BEGIN:VEVENT',
    'UID:c@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Europe/Berlin:20230102T080000',
    'DTEND;TZID=Europe/Berlin:20230102T090000',
    'RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:c@t',
    'DTSTAMP:20260101T000000Z',
    'RECURRENCE-ID;TZID=Europe/Berlin:20240103T080000',
    'DTSTART;TZID=Europe/Berlin:20260325T120000',
    'DTEND;TZID=Europe/Berlin:20260325T130000',
    'END:VEVENT',
  ),
  'every second week, all-day': cal(
    'BEGIN:VEVENT',
    'UID:d@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;VALUE=DATE:20210104',
    'RRULE:FREQ=WEEKLY;INTERVAL=2',
    'END:VEVENT',
  ),
  'weekly with a BYDAY without DTSTART’s weekday (walked from DTSTART)': cal(
    'BEGIN:VEVENT',
    'UID:e@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20230103T090000Z',
    'DURATION:PT1H',
    'RRULE:FREQ=WEEKLY;BYDAY=MO',
    'END:VEVENT',
  ),
  'every 5 hours in Berlin across DST': cal(
    'BEGIN:VEVENT',
    'UID:f@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Europe/Berlin:20250601T070000',
    'DURATION:PT30M',
    'RRULE:FREQ=HOURLY;INTERVAL=5',
    'END:VEVENT',
  ),
  'every 36 hours until 2027': cal(
    'BEGIN:VEVENT',
    'UID:g@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20240101T060000Z',
    'DURATION:PT1H',
    'RRULE:FREQ=HOURLY;INTERVAL=36;UNTIL=20270101T000000Z',
    'END:VEVENT',
  ),
};
const WINDOWS: ReadonlyArray<readonly [string, string]> = [
  ['2026-03-20T00:00:00Z', '2026-04-05T00:00:00Z'],
  ['2026-05-30T23:00:00Z', '2026-06-10T00:00:00Z'],
  ['2026-03-25T11:30:00Z', '2026-03-25T12:30:00Z'],
];

for (const [name, text] of Object.entries(SERIES)) {
  test(`anchored iteration matches walking from DTSTART: ${name}`, (t) => {
    const obj = parseObject(text, 'VEVENT');
    for (const [from, to] of WINDOWS)
      t.deepEqual(windowed(obj, D(from), D(to)), walked(obj, D(from), D(to)), `${from}..${to}`);
  });
}

test('a daily series from 1970 (beyond the step cap from DTSTART) answers a 2026 window correctly and fast', (t) => {
  const obj = parseObject(
    SERIES['daily, endless']?.replace(/20220103/g, '19700105') ?? '',
    'VEVENT',
  );
  const started = Date.now();
  const hits = instancesIn(obj, D('2026-03-01T00:00:00Z'), D('2026-03-04T00:00:00Z'), 100);
  t.deepEqual(
    hits.map((i) => iso(i.startMs)),
    ['2026-03-01T09:00:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z'],
  );
  t.is(hits[0]?.recurrenceIdMs, D('2026-03-01T09:00:00Z'));
  t.true(Date.now() - started < 1000);
});

test('an hourly series from 2014 (beyond the step cap from DTSTART) answers a 2026 window with every instance', (t) => {
  const obj = parseObject(
    cal(
      'BEGIN:VEVENT',
      'UID:h@t',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20140101T001500Z',
      'DURATION:PT10M',
      'RRULE:FREQ=HOURLY;INTERVAL=3',
      'END:VEVENT',
    ),
    'VEVENT',
  );
  const step = 3 * 3_600_000;
  const from = D('2026-03-01T00:00:00Z');
  const to = D('2026-03-02T00:00:00Z');
  const k = Math.ceil((from - D('2014-01-01T00:15:00Z')) / step);
  t.true(k > 20_000, 'the window lies beyond the step cap counted from DTSTART');
  const expected = Array.from(
    { length: 8 },
    (_, n) => D('2014-01-01T00:15:00Z') + (k + n) * step,
  ).filter((ms) => ms < to);
  const hits = instancesIn(obj, from, to, 100);
  t.deepEqual(
    hits.map((i) => iso(i.startMs)),
    expected.map(iso),
  );
  t.is(hits.length, 8);
});

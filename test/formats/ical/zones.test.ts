// A TZID is read from the object's own VTIMEZONE, else with ICU (formats/ical/zones.ts,
// RFC 5545 §3.6.5): parsing one object never changes how another is read or patched, and parsing
// leaves nothing in ical.js's process-wide TimezoneService.
import test from 'ava';
import ICAL from 'ical.js';
import { GatewayError } from '../../../store/errors.js';
import { instancesIn } from '../../../formats/ical/instances.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';
import { objectSpan, patchTimes } from '../../../formats/ical/patch-times.js';

const H = 3_600_000;

const zone = (tzid: string, offset: string, changes = 1): string[] => [
  'BEGIN:VTIMEZONE',
  `TZID:${tzid}`,
  ...Array.from({ length: changes }, (_, i) => [
    'BEGIN:STANDARD',
    `DTSTART:${1970 + i}0101T000000`,
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    'END:STANDARD',
  ]).flat(),
  'END:VTIMEZONE',
];

const event = (uid: string, tzid: string, vtimezone: string[]): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    ...vtimezone,
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=${tzid}:20260301T100000`,
    `DTEND;TZID=${tzid}:20260301T110000`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const startOf = (text: string): string =>
  new Date(instancesIn(parseObject(text, 'VEVENT'), null, null, 1)[0]?.startMs ?? 0).toISOString();

test('each object reads a TZID with its own VTIMEZONE, a bare IANA TZID with ICU', (t) => {
  const fake = event('fake@t', 'Asia/Tokyo', zone('Asia/Tokyo', '-0100'));
  const real = event('real@t', 'Asia/Tokyo', zone('Asia/Tokyo', '+0900'));
  const bare = event('bare@t', 'Asia/Tokyo', []);
  t.is(startOf(fake), '2026-03-01T11:00:00.000Z');
  t.is(startOf(real), '2026-03-01T01:00:00.000Z');
  t.is(startOf(bare), '2026-03-01T01:00:00.000Z');
  t.is(startOf(fake), '2026-03-01T11:00:00.000Z', 'and the first one still its own');
});

test("a CRM edit writes a bare TZID's local time with ICU, whatever another object defined", (t) => {
  parseObject(event('fake@t', 'Asia/Tokyo', zone('Asia/Tokyo', '-0100')), 'VEVENT');
  const parsed = parseObject(event('bare@t', 'Asia/Tokyo', []), 'VEVENT');
  const span = objectSpan(parsed);
  t.deepEqual(span, {
    startMs: Date.parse('2026-03-01T01:00:00Z'),
    endMs: Date.parse('2026-03-01T02:00:00Z'),
  });
  // The CRM moved it to 03:00Z–04:00Z: 12:00 in Tokyo.
  const moved = Date.parse('2026-03-01T03:00:00Z');
  patchTimes(parsed, span, { startMs: moved, endMs: moved + H });
  t.regex(parsed.calendar.toString(), /DTSTART;TZID=Asia\/Tokyo:20260301T120000/);
});

test('300 refused objects with big VTIMEZONEs register nothing process-wide', (t) => {
  const before = ICAL.TimezoneService.count;
  for (let i = 0; i < 300; i++) {
    const text = event(`z${i}@t`, `Made/Up${i}`, zone(`Made/Up${i}`, '+0100', 200));
    // An events object PUT into a tasks calendar: refused after parsing.
    const err = t.throws(() => parseObject(text, 'VTODO'));
    t.true(err instanceof GatewayError);
  }
  t.is(ICAL.TimezoneService.count, before);
  t.false(ICAL.TimezoneService.has('Made/Up0'));
});

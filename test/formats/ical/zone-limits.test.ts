// What a VTIMEZONE may cost (formats/ical/zone-limits.ts, RFC 5545 §3.6.5): observances that
// would expand to too many offset changes are refused before ical.js expands them; real zones,
// Outlook's from 1601 included, are read as before.
import test from 'ava';
import { GatewayError } from '../../../store/errors.js';
import { instancesIn } from '../../../formats/ical/instances.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';

const withZone = (...observances: string[][]): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VTIMEZONE',
    'TZID:Test/Zone',
    ...observances.flat(),
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'UID:z@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Test/Zone:20260701T100000',
    'DTEND;TZID=Test/Zone:20260701T110000',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const observance = (
  kind: string,
  start: string,
  from: string,
  to: string,
  rule: string,
): string[] => [
  `BEGIN:${kind}`,
  `DTSTART:${start}`,
  `TZOFFSETFROM:${from}`,
  `TZOFFSETTO:${to}`,
  ...(rule ? [`RRULE:${rule}`] : []),
  `END:${kind}`,
];

const OUTLOOK_BERLIN = withZone(
  observance('STANDARD', '16010101T030000', '+0200', '+0100', 'FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10'),
  observance('DAYLIGHT', '16010101T020000', '+0100', '+0200', 'FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3'),
);

test("Outlook's zone from 1601 is read with its own rules", (t) => {
  const first = instancesIn(parseObject(OUTLOOK_BERLIN, 'VEVENT'), null, null, 1)[0];
  t.is(new Date(first?.startMs ?? 0).toISOString(), '2026-07-01T08:00:00.000Z');
});

test('an older Outlook rule (a week of month days and a weekday) is accepted', (t) => {
  const text = withZone(
    observance(
      'STANDARD',
      '16010101T020000',
      '-0400',
      '-0500',
      'FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=SU',
    ),
    observance(
      'DAYLIGHT',
      '16010101T020000',
      '-0500',
      '-0400',
      'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU',
    ),
  );
  const first = instancesIn(parseObject(text, 'VEVENT'), null, null, 1)[0];
  t.is(new Date(first?.startMs ?? 0).toISOString(), '2026-07-01T14:00:00.000Z');
});

for (const [name, rule, start] of [
  ['an hourly observance', 'FREQ=HOURLY', '19700101T000000'],
  ['a daily observance', 'FREQ=DAILY', '16010101T000000'],
  [
    'a yearly observance on every hour of every day',
    `FREQ=YEARLY;BYMONTH=${'1,2,3,4,5,6,7,8,9,10,11,12'};BYMONTHDAY=${Array.from({ length: 31 }, (_, i) => i + 1).join(',')};BYHOUR=${Array.from({ length: 24 }, (_, i) => i).join(',')}`,
    '20000101T000000',
  ],
] as const) {
  test(`${name} is refused before it is expanded`, (t) => {
    const started = Date.now();
    const err = t.throws(() =>
      parseObject(withZone(observance('STANDARD', start, '+0100', '+0100', rule)), 'VEVENT'),
    );
    t.true(err instanceof GatewayError);
    t.regex(err?.message ?? '', /VTIMEZONE/);
    t.true(Date.now() - started < 1_000, `${Date.now() - started} ms`);
  });
}

test('many yearly observances together are refused', (t) => {
  const many = Array.from({ length: 30 }, () =>
    observance('STANDARD', '16010101T000000', '+0100', '+0100', 'FREQ=YEARLY;BYMONTH=1;BYDAY=1SU'),
  );
  t.throws(() => parseObject(withZone(...many), 'VEVENT'), { message: /offset changes/ });
});

// Which rules PUT refuses as sub-hourly (formats/ical/recurrence-limits.ts, RFC 5545 §3.3.10): the
// BY-lists that expand a rule to more than one occurrence an hour, and nothing an app writes.
import test from 'ava';
import { GatewayError } from '../../../store/errors.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';
import { checkRecurrence } from '../../../formats/ical/recurrence-limits.js';

const seq = (n: number): string => Array.from({ length: n }, (_, i) => i).join(',');

const withRule = (rule: string): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    'UID:r@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260301T090000Z',
    'DTEND:20260301T100000Z',
    `RRULE:${rule}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const check = (rule: string): void => checkRecurrence(parseObject(withRule(rule), 'VEVENT'));

for (const rule of [
  'FREQ=MINUTELY',
  'FREQ=SECONDLY;COUNT=10',
  `FREQ=DAILY;BYHOUR=${seq(24)};BYMINUTE=${seq(60)};BYSECOND=${seq(60)}`,
  'FREQ=DAILY;BYMINUTE=0,30',
  'FREQ=HOURLY;BYMINUTE=0,15',
  'FREQ=WEEKLY;BYHOUR=9;BYMINUTE=0;BYSECOND=0,30',
  `FREQ=YEARLY;BYSECOND=${seq(60)};BYSETPOS=1`,
]) {
  test(`refused as sub-hourly: ${rule.slice(0, 60)}`, (t) => {
    const err = t.throws(() => check(rule));
    t.true(err instanceof GatewayError);
    t.regex(err?.message ?? '', /more often than hourly/);
  });
}

for (const rule of [
  'FREQ=HOURLY',
  'FREQ=HOURLY;INTERVAL=2;BYMINUTE=30',
  `FREQ=DAILY;BYHOUR=${seq(24)};BYMINUTE=15;BYSECOND=0`,
  'FREQ=DAILY;BYHOUR=9,17;BYMINUTE=30',
  'FREQ=WEEKLY;BYDAY=MO,WE,FR',
  'FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=8,20',
]) {
  test(`accepted: ${rule}`, (t) => {
    t.notThrows(() => check(rule));
  });
}

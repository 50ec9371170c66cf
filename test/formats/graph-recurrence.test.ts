// Graph patternedRecurrence ⇄ RRULE (formats/graph/recurrence.ts, rrule-pattern.ts): every pattern
// type and range type of Graph's recurrencePattern and recurrenceRange survives the round trip, an
// endDate becomes an UNTIL at the series' wall time in UTC (RFC 5545 §3.3.10), and rules Graph
// cannot say are refused.
import test from 'ava';
import { rruleOf, type PatternedRecurrence } from '../../formats/graph/recurrence.js';
import { patternOf } from '../../formats/graph/rrule-pattern.js';

const START = { date: '2027-03-16', time: '09:00:00', zone: 'Europe/Berlin' };
const ZONE = 'W. Europe Standard Time';

const CASES: readonly [PatternedRecurrence['pattern'], string][] = [
  [{ type: 'daily', interval: 2 }, 'FREQ=DAILY;INTERVAL=2'],
  [
    { type: 'weekly', interval: 1, daysOfWeek: ['tuesday', 'thursday'], firstDayOfWeek: 'monday' },
    'FREQ=WEEKLY;BYDAY=TU,TH',
  ],
  [{ type: 'absoluteMonthly', interval: 1, dayOfMonth: 16 }, 'FREQ=MONTHLY;BYMONTHDAY=16'],
  [
    { type: 'relativeMonthly', interval: 3, daysOfWeek: ['tuesday'], index: 'third' },
    'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=3;INTERVAL=3',
  ],
  [
    { type: 'absoluteYearly', interval: 1, month: 3, dayOfMonth: 16 },
    'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=16',
  ],
  [
    { type: 'relativeYearly', interval: 1, month: 3, daysOfWeek: ['sunday'], index: 'last' },
    'FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYSETPOS=-1',
  ],
];

test('every Graph pattern type goes to an RRULE and back', (t) => {
  for (const [pattern, rule] of CASES) {
    const rec: PatternedRecurrence = {
      pattern,
      range: { type: 'noEnd', startDate: START.date, recurrenceTimeZone: ZONE },
    };
    t.is(rruleOf(rec, START), rule);
    t.deepEqual(patternOf(rule, START, ZONE), rec, rule);
  }
});

test('ranges: numbered is COUNT, endDate an UNTIL at the wall time in UTC, noEnd neither', (t) => {
  const pattern = { type: 'daily', interval: 1 };
  const numbered: PatternedRecurrence = {
    pattern,
    range: {
      type: 'numbered',
      startDate: START.date,
      numberOfOccurrences: 10,
      recurrenceTimeZone: ZONE,
    },
  };
  t.is(rruleOf(numbered, START), 'FREQ=DAILY;COUNT=10');
  t.deepEqual(patternOf('FREQ=DAILY;COUNT=10', START, ZONE), numbered);
  // 2027-04-20 09:00 in Berlin is summer time: 07:00Z.
  const until: PatternedRecurrence = {
    pattern,
    range: {
      type: 'endDate',
      startDate: START.date,
      endDate: '2027-04-20',
      recurrenceTimeZone: ZONE,
    },
  };
  t.is(rruleOf(until, START), 'FREQ=DAILY;UNTIL=20270420T070000Z');
  t.deepEqual(patternOf('FREQ=DAILY;UNTIL=20270420T070000Z', START, ZONE), until);
  t.is(patternOf('FREQ=MONTHLY;BYDAY=2TU', START, ZONE).pattern.index, 'second');
});

test('rules Graph cannot express are refused', (t) => {
  for (const rule of [
    'FREQ=HOURLY',
    'FREQ=WEEKLY;BYWEEKNO=3',
    'FREQ=MONTHLY;BYMONTHDAY=1,15',
    'FREQ=MONTHLY;BYDAY=3TU;BYSETPOS=2',
    'FREQ=MONTHLY;BYDAY=5FR',
  ])
    t.throws(() => patternOf(rule, START, ZONE), { message: /cannot express/ }, rule);
  t.throws(
    () =>
      rruleOf(
        {
          pattern: { type: 'lunar', interval: 1 },
          range: { type: 'noEnd', startDate: START.date },
        },
        START,
      ),
    { message: /cannot express/ },
  );
});

// The shared time patch (formats/ical/patch-times.ts) with plain values: RFC 5545 §3.3.4
// dates stay dates, §3.3.5 TZID zones are kept (VTIMEZONE or a bare IANA name), §3.8.4.4 a series
// moves with its EXDATEs, RDATEs and RECURRENCE-IDs, §3.8.2.5 DURATION, and an unchanged span
// leaves the object byte-identical.
import test from 'ava';
import { instancesIn } from '../../../formats/ical/instances.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';
import { crmSpan, objectSpan, patchTimes, storedSpan } from '../../../formats/ical/patch-times.js';

const cal = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const ev = (...lines: string[]): string =>
  cal('BEGIN:VEVENT', 'UID:p@t', 'DTSTAMP:20260101T000000Z', ...lines, 'SUMMARY:S', 'END:VEVENT');
const D = (s: string): number => Date.parse(s);
const H = 3_600_000;
const DAY = 24 * H;

function patched(
  text: string,
  move: (span: { startMs: number; endMs: number }) => {
    startMs: number | null;
    endMs: number | null;
  },
): { out: string; changed: boolean } {
  const parsed = parseObject(text, text.includes('VTODO') ? 'VTODO' : 'VEVENT');
  const span = objectSpan(parsed);
  if (span.startMs === null || span.endMs === null) throw new Error('no span');
  const changed = patchTimes(parsed, span, move({ startMs: span.startMs, endMs: span.endMs }));
  return { out: parsed.calendar.toString(), changed };
}

const lines = (text: string, prop: string): string[] =>
  text.split('\r\n').filter((l) => l.startsWith(prop));

test('an all-day event moved by whole days stays VALUE=DATE', (t) => {
  const { out } = patched(ev('DTSTART;VALUE=DATE:20260302', 'DTEND;VALUE=DATE:20260303'), (s) => ({
    startMs: s.startMs + DAY,
    endMs: s.endMs + DAY,
  }));
  t.deepEqual(
    [...lines(out, 'DTSTART'), ...lines(out, 'DTEND')],
    ['DTSTART;VALUE=DATE:20260303', 'DTEND;VALUE=DATE:20260304'],
  );
});

test('an all-day event given a time of day becomes a UTC date-time', (t) => {
  const { out } = patched(ev('DTSTART;VALUE=DATE:20260302', 'DTEND;VALUE=DATE:20260303'), (s) => ({
    startMs: s.startMs + 9 * H,
    endMs: s.startMs + 10 * H,
  }));
  t.deepEqual(
    [...lines(out, 'DTSTART'), ...lines(out, 'DTEND')],
    ['DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z'],
  );
});

test('a bare IANA TZID keeps its zone: the wall time comes from ICU, across the DST change', (t) => {
  const text = ev(
    'DTSTART;TZID=America/New_York:20260302T090000',
    'DTEND;TZID=America/New_York:20260302T100000',
  );
  // 09:00 EST is 14:00Z; moved to 13:00Z on 16 March, which is 09:00 EDT.
  const { out } = patched(text, () => ({
    startMs: D('2026-03-16T13:00:00Z'),
    endMs: D('2026-03-16T14:30:00Z'),
  }));
  t.deepEqual(
    [...lines(out, 'DTSTART'), ...lines(out, 'DTEND')],
    [
      'DTSTART;TZID=America/New_York:20260316T090000',
      'DTEND;TZID=America/New_York:20260316T103000',
    ],
  );
  const again = parseObject(out, 'VEVENT');
  t.deepEqual(objectSpan(again), {
    startMs: D('2026-03-16T13:00:00Z'),
    endMs: D('2026-03-16T14:30:00Z'),
  });
});

test('a TZID with its VTIMEZONE keeps the zone', (t) => {
  const text = cal(
    'BEGIN:VTIMEZONE',
    'TZID:Custom/Plus2',
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0200',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'UID:vtz@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Custom/Plus2:20260302T090000',
    'DTEND;TZID=Custom/Plus2:20260302T100000',
    'SUMMARY:S',
    'END:VEVENT',
  );
  const { out } = patched(text, (s) => ({ startMs: s.startMs + 2 * H, endMs: s.endMs + 2 * H }));
  t.deepEqual(
    [...lines(out, 'DTSTART;'), ...lines(out, 'DTEND')],
    ['DTSTART;TZID=Custom/Plus2:20260302T110000', 'DTEND;TZID=Custom/Plus2:20260302T120000'],
  );
});

test('a weekly series moves as a whole: EXDATE, RDATE and RECURRENCE-ID follow, the override keeps its own time', (t) => {
  const text = cal(
    'BEGIN:VEVENT',
    'UID:s@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;TZID=Europe/Berlin:20260315T090000',
    'DTEND;TZID=Europe/Berlin:20260315T100000',
    'RRULE:FREQ=WEEKLY;COUNT=4',
    'EXDATE;TZID=Europe/Berlin:20260322T090000',
    'RDATE;TZID=Europe/Berlin:20260408T090000',
    'SUMMARY:W',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:s@t',
    'DTSTAMP:20260101T000000Z',
    'RECURRENCE-ID;TZID=Europe/Berlin:20260329T090000',
    'DTSTART;TZID=Europe/Berlin:20260330T150000',
    'DTEND;TZID=Europe/Berlin:20260330T160000',
    'SUMMARY:Moved',
    'END:VEVENT',
  );
  const before = instancesIn(parseObject(text, 'VEVENT'), null, null, 100).map((i) => i.startMs);
  const { out } = patched(text, (s) => ({ startMs: s.startMs + 2 * H, endMs: s.endMs + 2 * H }));
  t.true(out.includes('EXDATE;TZID=Europe/Berlin:20260322T110000'));
  t.true(out.includes('RDATE;TZID=Europe/Berlin:20260408T110000'));
  t.true(out.includes('RECURRENCE-ID;TZID=Europe/Berlin:20260329T110000'));
  t.true(
    out.includes('DTSTART;TZID=Europe/Berlin:20260330T150000'),
    'the override stays where its client put it',
  );
  const after = instancesIn(parseObject(out, 'VEVENT'), null, null, 100);
  t.deepEqual(
    after.map((i) => new Date(i.startMs).toISOString()),
    [
      '2026-03-15T10:00:00.000Z',
      '2026-03-30T13:00:00.000Z',
      '2026-04-05T09:00:00.000Z',
      '2026-04-08T09:00:00.000Z',
    ],
  );
  t.is(before.length, after.length);
  t.is(after[1]?.component.getFirstPropertyValue('summary'), 'Moved');
});

test('an all-day series moved by a day shifts its DATE exceptions by a day', (t) => {
  const text = ev(
    'DTSTART;VALUE=DATE:20260302',
    'DTEND;VALUE=DATE:20260303',
    'RRULE:FREQ=WEEKLY;COUNT=3',
    'EXDATE;VALUE=DATE:20260309',
  );
  const { out } = patched(text, (s) => ({ startMs: s.startMs + DAY, endMs: s.endMs + DAY }));
  t.deepEqual(
    [...lines(out, 'DTSTART'), ...lines(out, 'DTEND'), ...lines(out, 'EXDATE')],
    ['DTSTART;VALUE=DATE:20260303', 'DTEND;VALUE=DATE:20260304', 'EXDATE;VALUE=DATE:20260310'],
  );
});

test("a series whose start alone moves past its end keeps the instances' length", (t) => {
  const text = ev('DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z', 'RRULE:FREQ=DAILY;COUNT=2');
  const { out } = patched(text, (s) => ({ startMs: s.startMs + 2 * H, endMs: s.endMs }));
  t.deepEqual(
    [...lines(out, 'DTSTART'), ...lines(out, 'DTEND')],
    ['DTSTART:20260302T110000Z', 'DTEND:20260302T120000Z'],
  );
});

test('DURATION: a moved start with the end kept becomes DTEND', (t) => {
  const { out } = patched(ev('DTSTART:20260302T090000Z', 'DURATION:PT1H'), (s) => ({
    startMs: s.startMs - H,
    endMs: s.endMs,
  }));
  t.deepEqual(
    [...lines(out, 'DTSTART'), ...lines(out, 'DTEND'), ...lines(out, 'DURATION')],
    ['DTSTART:20260302T080000Z', 'DTEND:20260302T100000Z'],
  );
});

test('an unchanged span leaves the text byte-identical; only the changed side is written', (t) => {
  const text = ev(
    'DTSTART;TZID=Europe/Berlin:20260302T090000',
    'DTEND;VALUE=DATE-TIME:20260302T100000Z',
  );
  const same = patched(text, (s) => s);
  t.false(same.changed);
  t.is(same.out, parseObject(text, 'VEVENT').calendar.toString());
  const endOnly = patched(text, (s) => ({ startMs: s.startMs, endMs: s.endMs + H }));
  t.true(endOnly.out.includes('DTSTART;TZID=Europe/Berlin:20260302T090000'));
  t.deepEqual(lines(endOnly.out, 'DTEND'), ['DTEND:20260302T110000Z']);
});

test('a VTODO with DUE only: a moved due date does not invent a DTSTART', (t) => {
  const text = cal(
    'BEGIN:VTODO',
    'UID:td@t',
    'DTSTAMP:20260101T000000Z',
    'DUE;TZID=Europe/Berlin:20260310T170000',
    'SUMMARY:T',
    'END:VTODO',
  );
  const parsed = parseObject(text, 'VTODO');
  const current = objectSpan(parsed);
  const record = {
    date_start: '2026-03-10',
    time_start: null,
    due_date: '2026-03-11',
    time_end: '16:00:00',
  };
  t.true(patchTimes(parsed, current, crmSpan(record)));
  const out = parsed.calendar.toString();
  t.deepEqual(lines(out, 'DUE'), ['DUE;TZID=Europe/Berlin:20260311T170000']);
  t.deepEqual(lines(out, 'DTSTART'), []);
});

test('Windows and prefixed TZIDs keep their names; TZID=UTC becomes plain UTC (no TZID beside a Z)', (t) => {
  const cases: Array<[string, string]> = [
    ['W. Europe Standard Time', 'DTSTART;TZID=W. Europe Standard Time:20260302T110000'],
    [
      '/mozilla.org/20050126_1/Europe/Berlin',
      'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260302T110000',
    ],
    ['UTC', 'DTSTART:20260302T110000Z'],
  ];
  for (const [tz, expected] of cases) {
    const single = patched(ev(`DTSTART;TZID=${tz}:20260302T090000`, 'DURATION:PT1H'), (s) => ({
      startMs: s.startMs + 2 * H,
      endMs: s.endMs + 2 * H,
    }));
    t.deepEqual(lines(single.out, 'DTSTART'), [expected], tz);
    const series = patched(
      ev(`DTSTART;TZID=${tz}:20260302T090000`, 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=2'),
      (s) => ({ startMs: s.startMs + 2 * H, endMs: s.endMs + 2 * H }),
    );
    t.deepEqual(lines(series.out, 'DTSTART'), [expected], `${tz} series`);
  }
});

test('RDATE periods move with the series', (t) => {
  const text = ev(
    'DTSTART:20260302T090000Z',
    'DTEND:20260302T100000Z',
    'RRULE:FREQ=DAILY;COUNT=2',
    'RDATE;VALUE=PERIOD:20260310T090000Z/PT1H,20260311T090000Z/20260311T093000Z',
  );
  const { out } = patched(text, (s) => ({ startMs: s.startMs + H, endMs: s.endMs + H }));
  t.deepEqual(lines(out, 'RDATE'), [
    'RDATE;VALUE=PERIOD:20260310T100000Z/PT1H,20260311T100000Z/20260311T103000Z',
  ]);
});

test('the remembered span of a stored text is the span of that text, not of another one', (t) => {
  const a = ev(
    'DTSTART:20260302T090000Z',
    'DTEND:20260302T100000Z',
    'RRULE:FREQ=DAILY;COUNT=2',
    'EXDATE:20260302T090000Z',
  );
  const b = a.replace('EXDATE:20260302T090000Z', 'EXDATE:20260303T090000Z');
  for (let round = 0; round < 2; round++) {
    t.deepEqual(
      storedSpan(a, parseObject(a, 'VEVENT')),
      { startMs: D('2026-03-03T09:00:00Z'), endMs: D('2026-03-03T10:00:00Z') },
      'the first instance was cancelled',
    );
    t.deepEqual(storedSpan(b, parseObject(b, 'VEVENT')), {
      startMs: D('2026-03-02T09:00:00Z'),
      endMs: D('2026-03-02T10:00:00Z'),
    });
  }
});

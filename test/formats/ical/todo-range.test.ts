// VTODO time-range rules (RFC 4791 §9.9, the VTODO table) row by row, recurring to-dos, events with
// an open start, and the tasks calendar answering a calendar-query over HTTP.
import test from 'ava';
import { expandObject } from '../../../formats/ical/expand.js';
import { instancesIn, objectRange } from '../../../formats/ical/instances.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';
import { ICS, queryBody, startDav, TASKS } from '../../gateway/caldav/dav-fixture.js';

const todo = (...props: string[]): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VTODO',
    'UID:t@t',
    'DTSTAMP:20260101T000000Z',
    ...props,
    'SUMMARY:To do',
    'END:VTODO',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
const D = (s: string): number => Date.parse(s);
const hit = (text: string, from: string | null, to: string | null): boolean =>
  instancesIn(
    parseObject(text, 'VTODO'),
    from === null ? null : D(from),
    to === null ? null : D(to),
    1,
  ).length === 1;

// [properties, range start, range end, expected]: each row of the table probed inside, before, after and at its edges.
const CASES: ReadonlyArray<
  readonly [string, readonly string[], string | null, string | null, boolean]
> = [
  [
    'DTSTART+DURATION inside',
    ['DTSTART:20260310T100000Z', 'DURATION:PT2H'],
    '2026-03-10T11:00:00Z',
    '2026-03-10T11:30:00Z',
    true,
  ],
  [
    'DTSTART+DURATION after its end',
    ['DTSTART:20260310T100000Z', 'DURATION:PT2H'],
    '2026-03-10T12:00:01Z',
    null,
    false,
  ],
  [
    'DTSTART+DURATION range ending at DTSTART',
    ['DTSTART:20260310T100000Z', 'DURATION:PT2H'],
    null,
    '2026-03-10T10:00:00Z',
    false,
  ],
  [
    'DTSTART+DUE overlapping',
    ['DTSTART:20260310T100000Z', 'DUE:20260312T100000Z'],
    '2026-03-11T00:00:00Z',
    '2026-03-11T01:00:00Z',
    true,
  ],
  [
    'DTSTART+DUE range ending at DUE counts',
    ['DTSTART:20260312T100000Z', 'DUE:20260312T100000Z'],
    '2026-03-12T09:00:00Z',
    '2026-03-12T10:00:00Z',
    true,
  ],
  [
    'DTSTART+DUE before',
    ['DTSTART:20260310T100000Z', 'DUE:20260312T100000Z'],
    '2026-03-01T00:00:00Z',
    '2026-03-10T10:00:00Z',
    false,
  ],
  [
    'DTSTART+DUE after',
    ['DTSTART:20260310T100000Z', 'DUE:20260312T100000Z'],
    '2026-03-12T10:00:00Z',
    null,
    false,
  ],
  [
    'DTSTART only, at start',
    ['DTSTART:20260310T100000Z'],
    '2026-03-10T10:00:00Z',
    '2026-03-10T10:00:01Z',
    true,
  ],
  [
    'DTSTART only, range starting after it',
    ['DTSTART:20260310T100000Z'],
    '2026-03-10T10:00:01Z',
    null,
    false,
  ],
  [
    'DUE only, range ending at DUE',
    ['DUE:20260315T170000Z'],
    '2026-03-15T00:00:00Z',
    '2026-03-15T17:00:00Z',
    true,
  ],
  [
    'DUE only, range starting at DUE',
    ['DUE:20260315T170000Z'],
    '2026-03-15T17:00:00Z',
    null,
    false,
  ],
  ['DUE only, open start', ['DUE:20260315T170000Z'], null, '2026-03-16T00:00:00Z', true],
  [
    'COMPLETED+CREATED between them',
    ['CREATED:20260301T000000Z', 'COMPLETED:20260320T000000Z'],
    '2026-03-10T00:00:00Z',
    '2026-03-11T00:00:00Z',
    true,
  ],
  [
    'COMPLETED+CREATED after both',
    ['CREATED:20260301T000000Z', 'COMPLETED:20260320T000000Z'],
    '2026-03-21T00:00:00Z',
    null,
    false,
  ],
  [
    'COMPLETED only, at it',
    ['COMPLETED:20260320T000000Z'],
    '2026-03-20T00:00:00Z',
    '2026-03-20T00:00:00Z',
    true,
  ],
  ['COMPLETED only, before', ['COMPLETED:20260320T000000Z'], null, '2026-03-19T00:00:00Z', false],
  [
    'CREATED only, a range ending after it',
    ['CREATED:20260301T000000Z'],
    '2030-01-01T00:00:00Z',
    null,
    true,
  ],
  [
    'CREATED only, range ending at it',
    ['CREATED:20260301T000000Z'],
    null,
    '2026-03-01T00:00:00Z',
    false,
  ],
  ['no dates at all matches every range', [], '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', true],
];

for (const [name, props, from, to, expected] of CASES) {
  test(`VTODO §9.9: ${name}`, (t) => {
    t.is(hit(todo(...props), from, to), expected);
  });
}

test('a recurring VTODO matches per instance, DUE moving with each occurrence; an override replaces its instance', (t) => {
  const text = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VTODO',
    'UID:rt@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260302T090000Z',
    'DUE:20260302T170000Z',
    'RRULE:FREQ=WEEKLY;COUNT=4',
    'SUMMARY:Weekly report',
    'END:VTODO',
    'BEGIN:VTODO',
    'UID:rt@t',
    'DTSTAMP:20260101T000000Z',
    'RECURRENCE-ID:20260309T090000Z',
    'DTSTART:20260311T090000Z',
    'DUE:20260311T170000Z',
    'SUMMARY:Moved report',
    'END:VTODO',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const obj = parseObject(text, 'VTODO');
  const all = instancesIn(obj, null, null, 10);
  t.deepEqual(
    all.map((i) => new Date(i.endMs).toISOString()),
    [
      '2026-03-02T17:00:00.000Z',
      '2026-03-11T17:00:00.000Z',
      '2026-03-16T17:00:00.000Z',
      '2026-03-23T17:00:00.000Z',
    ],
  );
  t.is(
    instancesIn(obj, D('2026-03-09T00:00:00Z'), D('2026-03-10T00:00:00Z'), 1).length,
    0,
    'the moved instance left its old day',
  );
  t.is(
    instancesIn(obj, D('2026-03-16T12:00:00Z'), D('2026-03-16T13:00:00Z'), 1).length,
    1,
    'between DTSTART and DUE of the third',
  );
  const expanded = expandObject(obj, D('2026-03-10T00:00:00Z'), D('2026-03-20T00:00:00Z'), 10).ics;
  t.is(expanded.match(/BEGIN:VTODO/g)?.length, 2);
  t.regex(expanded, /DUE:20260316T170000Z/);
  t.notRegex(expanded, /RRULE|DTEND/);
  t.is(new Date(objectRange(obj).end ?? 0).toISOString(), '2026-03-23T17:00:01.000Z');
});

test('an undated VTODO is a candidate of every query; an event query with an open start finds earlier events', (t) => {
  t.deepEqual(objectRange(parseObject(todo('CREATED:20260301T000000Z'), 'VTODO')), {
    start: null,
    end: null,
  });
  const ev = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    'UID:e@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20200101T100000Z',
    'DTEND:20200101T110000Z',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const obj = parseObject(ev, 'VEVENT');
  t.is(instancesIn(obj, null, D('2020-01-01T10:30:00Z'), 1).length, 1);
  t.is(instancesIn(obj, null, D('2020-01-01T10:00:00Z'), 1).length, 0);
});

test('the tasks calendar answers time-range queries by the VTODO rules over HTTP', async (t) => {
  const dav = await startDav();
  try {
    const put = async (name: string, ...props: string[]): Promise<void> => {
      t.is(
        (
          await dav.req(
            'PUT',
            `${TASKS}${name}.ics`,
            todo(...props).replace('UID:t@t', `UID:${name}@t`),
            ICS,
          )
        ).status,
        201,
      );
    };
    await put('due', 'DUE:20260315T170000Z');
    await put('span', 'DTSTART:20260301T090000Z', 'DUE:20260331T170000Z');
    await put('undated');
    await put('done', 'COMPLETED:20260201T120000Z');
    const names = async (start: string | null, end: string | null): Promise<string[]> => {
      const r = await dav.req('REPORT', TASKS, queryBody(start, end, false, 'VTODO'), {
        depth: '1',
      });
      t.is(r.status, 207);
      return [...r.text.matchAll(/tasks\/([a-z]+)\.ics</g)].map((m) => m[1] as string).sort();
    };
    t.deepEqual(await names('20260310T000000Z', '20260316T000000Z'), ['due', 'span', 'undated']);
    t.deepEqual(await names('20260401T000000Z', null), ['undated']);
    t.deepEqual(await names(null, '20260202T000000Z'), ['done', 'undated']);
  } finally {
    await dav.gw.dispose();
  }
});

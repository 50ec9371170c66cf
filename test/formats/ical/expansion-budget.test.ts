// One request's recurrence expansion budget (formats/ical/expansion-budget.ts,
// gateway/caldav/README.md §3): steps and milliseconds shared by all objects, a clear DAV error
// beyond them, and turns of the event loop between slices of the work.
import test from 'ava';
import { GatewayError } from '../../../store/errors.js';
import { ExpansionBudget } from '../../../formats/ical/expansion-budget.js';
import { instancesIn, instancesInSlices } from '../../../formats/ical/instances.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';

const seq = (n: number): string => Array.from({ length: n }, (_, i) => i).join(',');
// Stored before PUT refused such rules (recurrence-limits.ts): one occurrence every second.
const EVERY_SECOND = parseObject(
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    'UID:s@t',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20250101T000000Z',
    'DTEND:20250101T000001Z',
    `RRULE:FREQ=DAILY;BYHOUR=${seq(24)};BYMINUTE=${seq(60)};BYSECOND=${seq(60)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n'),
  'VEVENT',
);
const MARCH_1 = Date.UTC(2026, 2, 1);
const MARCH_2 = Date.UTC(2026, 2, 2);

function isLimitError(t: { true(v: boolean, m?: string): void }, err: unknown): void {
  t.true(err instanceof GatewayError, 'a GatewayError');
  const e = err as GatewayError;
  t.true(e.kind === 'forbidden', e.kind);
  t.true(
    JSON.stringify(e.details).includes('number-of-matches-within-limits'),
    'DAV:number-of-matches-within-limits',
  );
}

test('the steps are shared by every object of the request', async (t) => {
  const budget = new ExpansionBudget({ steps: 30_000, ms: 60_000 });
  // The first object takes its per-object cap of steps, the second runs out.
  t.deepEqual(await instancesInSlices(EVERY_SECOND, MARCH_1, MARCH_2, 1, budget), []);
  const err = await t.throwsAsync(instancesInSlices(EVERY_SECOND, MARCH_1, MARCH_2, 1, budget));
  isLimitError(t, err);
  t.deepEqual(instancesIn(EVERY_SECOND, MARCH_1, MARCH_2, 1), [], 'the sync path has no budget');
});

test('the milliseconds stop the work in bounded time', async (t) => {
  const budget = new ExpansionBudget({ steps: 10_000_000, ms: 50 });
  const started = Date.now();
  const err = await t.throwsAsync(
    (async () => {
      for (let i = 0; i < 100; i++)
        await instancesInSlices(EVERY_SECOND, MARCH_1, MARCH_2, 1, budget);
    })(),
  );
  isLimitError(t, err);
  t.true(Date.now() - started < 5_000, `${Date.now() - started} ms`);
});

test('the event loop turns while an object expands', async (t) => {
  const budget = new ExpansionBudget({ steps: 10_000_000, ms: 60_000 });
  let turns = 0;
  const timer = setInterval(() => turns++, 1);
  try {
    await instancesInSlices(EVERY_SECOND, MARCH_1, MARCH_2, 1, budget);
  } finally {
    clearInterval(timer);
  }
  t.true(turns >= 2, `${turns} timer callbacks ran during one object's expansion`);
});

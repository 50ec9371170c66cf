// The retry schedule setting (gateway/hooks/README.md §3): delays in turn, the last repeating,
// until the window since the first failure is spent; bad settings are refused.
import test from 'ava';
import {
  DEFAULT_SCHEDULE,
  DEFAULT_WINDOW,
  nextAttempt,
  parseSchedule,
} from '../../../gateway/hooks/retry-schedule.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const after = (ms: number): Date => new Date(T0.getTime() + ms);

test('the default is 5 s, 30 s, 2 min, 10 min, 1 h, then hourly for 3 days', (t) => {
  const s = parseSchedule(DEFAULT_SCHEDULE, DEFAULT_WINDOW);
  t.deepEqual(s.delaysMs, [5000, 30_000, 120_000, 600_000, 3_600_000]);
  t.is(s.windowMs, 3 * 86_400_000);
  const delays = [1, 2, 3, 4, 5, 6, 7].map(
    (n) => (nextAttempt(s, n, T0, T0)?.getTime() ?? 0) - T0.getTime(),
  );
  t.deepEqual(delays, [5000, 30_000, 120_000, 600_000, 3_600_000, 3_600_000, 3_600_000]);
  // Still retried an hour before the window closes, not after it.
  t.truthy(nextAttempt(s, 60, T0, after(3 * 86_400_000 - 2 * 3_600_000)));
  t.is(nextAttempt(s, 80, T0, after(3 * 86_400_000 - 1000)), null);
});

test('bad schedules are refused with a clear message', (t) => {
  t.throws(() => parseSchedule('soon', '1d'), { message: /'soon' is not a duration/ });
  t.throws(() => parseSchedule('', '1d'), { message: /1 to 50 delays/ });
  t.throws(() => parseSchedule('5s', 'forever'), { message: /not a duration/ });
  t.deepEqual(parseSchedule('250ms, 2 m', '1h').delaysMs, [250, 120_000]);
});

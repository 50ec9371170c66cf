// When a failed delivery is tried again (gateway/hooks/README.md §3): the delays of the schedule
// in turn, the last one repeating, until the retry window since the first failure is spent; then
// the delivery is a dead letter. Both are settings (`hooks.retry_schedule`, `hooks.retry_for`), as
// Standard Webhooks leaves the schedule to the sender (standard-webhooks spec, "Retries").
import { GatewayError } from '../../store/errors.js';
import type { SettingsRepository } from '../../store/settings.js';

export interface RetrySchedule {
  readonly delaysMs: readonly number[];
  readonly windowMs: number;
}

export const DEFAULT_SCHEDULE = '5s, 30s, 2m, 10m, 1h';
export const DEFAULT_WINDOW = '3d';
export const SCHEDULE_SETTING = 'hooks.retry_schedule';
export const WINDOW_SETTING = 'hooks.retry_for';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d{1,9})\s*(ms|s|m|h|d)$/;
const MAX_STEPS = 50;

export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m)
    throw new GatewayError(
      'invalid_input',
      `'${text.slice(0, 40)}' is not a duration such as 5s, 2m, 1h or 3d`,
    );
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}

export function parseSchedule(schedule: string, window: string): RetrySchedule {
  const steps = schedule
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (steps.length === 0 || steps.length > MAX_STEPS)
    throw new GatewayError('invalid_input', `a retry schedule has 1 to ${MAX_STEPS} delays`);
  return { delaysMs: steps.map(parseDuration), windowMs: parseDuration(window) };
}

/** The next attempt after `failures` failed ones, or null when the window is spent. */
export function nextAttempt(
  schedule: RetrySchedule,
  failures: number,
  firstFailedAt: Date,
  now: Date,
): Date | null {
  const index = Math.min(Math.max(failures - 1, 0), schedule.delaysMs.length - 1);
  const at = new Date(now.getTime() + (schedule.delaysMs[index] as number));
  if (at.getTime() - firstFailedAt.getTime() > schedule.windowMs) return null;
  return at;
}

export async function loadSchedule(settings: SettingsRepository): Promise<RetrySchedule> {
  return parseSchedule(
    await settings.get(SCHEDULE_SETTING, DEFAULT_SCHEDULE),
    await settings.get(WINDOW_SETTING, DEFAULT_WINDOW),
  );
}

/** Validates and stores a schedule (console and CLI). */
export async function saveSchedule(
  settings: SettingsRepository,
  schedule: string,
  window: string,
): Promise<RetrySchedule> {
  const parsed = parseSchedule(schedule, window);
  await settings.set(SCHEDULE_SETTING, schedule);
  await settings.set(WINDOW_SETTING, window);
  return parsed;
}

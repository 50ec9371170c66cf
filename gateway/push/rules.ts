// When a queued push may go out (gateway/push/README.md §4): the user's schedule and quiet hours
// in their own time zone, and the "idle" rule (no push while the user is active in another client
// of the gateway). Non-urgent pushes are held, and dropped once stale (past their TTL, RFC 8030
// §5.2); urgent ones (security notices, Urgency: high per RFC 8030 §5.3) always go. Pure: the
// clock is an argument, so tests control it.
import type { HourRange, PushPreferences, Urgency } from '../../store/push/types.js';

export type Verdict =
  | { readonly action: 'send' }
  | { readonly action: 'hold'; readonly until: Date; readonly reason: string }
  | { readonly action: 'drop'; readonly reason: string };

export interface RuleInput {
  readonly now: Date;
  readonly timeZone: string;
  readonly preferences: PushPreferences;
  /** Milliseconds since the epoch of the user's last activity in any client, or null. */
  readonly lastActiveMs: number | null;
  readonly urgency: Urgency;
  readonly expiresAtMs: number;
}

/** How often a held push is looked at again while a schedule or quiet hours hold it. */
export const HOLD_RECHECK_MS = 60_000;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The weekday (0 Sunday) and "HH:MM" at `now` in `timeZone` (UTC when the zone is unknown). */
export function localTime(now: Date, timeZone: string): { day: number; time: string } {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return localTime(now, 'UTC');
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  return {
    day: DAYS.indexOf(parts.weekday ?? 'Sun'),
    time: `${parts.hour ?? '00'}:${parts.minute ?? '00'}`,
  };
}

/** `to` before `from` spans midnight ("22:00"–"07:00"). */
export function inRange(time: string, range: HourRange): boolean {
  return range.from < range.to
    ? time >= range.from && time < range.to
    : time >= range.from || time < range.to;
}

export function decide(input: RuleInput): Verdict {
  const { now, preferences } = input;
  if (now.getTime() >= input.expiresAtMs) return { action: 'drop', reason: 'stale' };
  if (input.urgency === 'high') return { action: 'send' };
  const recheck = new Date(Math.min(now.getTime() + HOLD_RECHECK_MS, input.expiresAtMs));
  const local = localTime(now, input.timeZone);
  const schedule = preferences.schedule;
  if (schedule && (!schedule.days.includes(local.day) || !inRange(local.time, schedule)))
    return { action: 'hold', until: recheck, reason: 'outside the schedule' };
  if (preferences.quiet && inRange(local.time, preferences.quiet))
    return { action: 'hold', until: recheck, reason: 'quiet hours' };
  const idleMs = preferences.idleMinutes * 60_000;
  if (idleMs > 0 && input.lastActiveMs !== null && now.getTime() - input.lastActiveMs < idleMs) {
    const until = new Date(Math.min(input.lastActiveMs + idleMs, input.expiresAtMs));
    return { action: 'hold', until, reason: 'active in another client' };
  }
  return { action: 'send' };
}

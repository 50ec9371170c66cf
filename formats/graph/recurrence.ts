// Graph's patternedRecurrence (Graph docs, "patternedRecurrence resource type": a
// recurrencePattern and a recurrenceRange) ⇄ an iCalendar RRULE (RFC 5545 §3.3.10). A series
// recurs in its own zone (the range's recurrenceTimeZone, the master's start zone), so the rule is
// read against a DTSTART in that zone and keeps its wall time across DST changes. Rules Graph
// cannot express (hourly, BYWEEKNO, several month days ...) are errors: the caller skips the item.
import { toUtcMs } from './date-time-zone.js';

export type DayOfWeek =
  'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

export interface RecurrencePattern {
  readonly type: string;
  readonly interval: number;
  readonly month?: number;
  readonly dayOfMonth?: number;
  readonly daysOfWeek?: readonly DayOfWeek[];
  readonly firstDayOfWeek?: DayOfWeek;
  readonly index?: string;
}

export interface RecurrenceRange {
  readonly type: string;
  readonly startDate: string;
  readonly endDate?: string;
  readonly numberOfOccurrences?: number;
  readonly recurrenceTimeZone?: string;
}

export interface PatternedRecurrence {
  readonly pattern: RecurrencePattern;
  readonly range: RecurrenceRange;
}

export const DAYS: readonly DayOfWeek[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];
const ICAL_DAY: Record<DayOfWeek, string> = {
  sunday: 'SU',
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
};
export const GRAPH_DAY: Record<string, DayOfWeek> = Object.fromEntries(
  DAYS.map((d) => [ICAL_DAY[d], d]),
) as Record<string, DayOfWeek>;
const INDEX_POS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };
export const POS_INDEX: Record<number, string> = {
  1: 'first',
  2: 'second',
  3: 'third',
  4: 'fourth',
  [-1]: 'last',
};

/** Where and how a series starts: its first day and wall time in its zone (IANA name). */
export interface SeriesStart {
  /** `YYYY-MM-DD` in the series zone. */
  readonly date: string;
  /** `HH:MM:SS` in the series zone; null for all-day series. */
  readonly time: string | null;
  readonly zone: string;
}

export function fail(why: string): never {
  throw new Error(`a recurrence Graph cannot express: ${why}`);
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(`${what} ${String(v)}`);
  return v;
}

function days(p: RecurrencePattern): string {
  const list = p.daysOfWeek ?? [];
  if (list.length === 0) fail(`a ${p.type} pattern without daysOfWeek`);
  return list.map((d) => ICAL_DAY[d] ?? fail(`the day "${String(d)}"`)).join(',');
}

function position(p: RecurrencePattern): number {
  const pos = INDEX_POS[p.index ?? 'first'];
  if (pos === undefined) fail(`the week index "${String(p.index)}"`);
  return pos;
}

/** The RRULE value (without "RRULE:") of a Graph recurrence that starts at `start`. */
export function rruleOf(rec: PatternedRecurrence, start: SeriesStart): string {
  const p = rec.pattern;
  const parts: string[] = [];
  const interval = int(p.interval ?? 1, 'interval');
  switch (p.type) {
    case 'daily':
      parts.push('FREQ=DAILY');
      break;
    case 'weekly':
      parts.push('FREQ=WEEKLY', `BYDAY=${days(p)}`);
      break;
    case 'absoluteMonthly':
      parts.push('FREQ=MONTHLY', `BYMONTHDAY=${int(p.dayOfMonth, 'dayOfMonth')}`);
      break;
    case 'relativeMonthly':
      parts.push('FREQ=MONTHLY', `BYDAY=${days(p)}`, `BYSETPOS=${position(p)}`);
      break;
    case 'absoluteYearly':
      parts.push(
        'FREQ=YEARLY',
        `BYMONTH=${int(p.month, 'month')}`,
        `BYMONTHDAY=${int(p.dayOfMonth, 'dayOfMonth')}`,
      );
      break;
    case 'relativeYearly':
      parts.push(
        'FREQ=YEARLY',
        `BYMONTH=${int(p.month, 'month')}`,
        `BYDAY=${days(p)}`,
        `BYSETPOS=${position(p)}`,
      );
      break;
    default:
      fail(`the pattern type "${String(p.type)}"`);
  }
  if (interval !== 1) parts.push(`INTERVAL=${interval}`);
  if (p.type === 'weekly' && p.firstDayOfWeek !== undefined && p.firstDayOfWeek !== 'monday')
    parts.push(`WKST=${ICAL_DAY[p.firstDayOfWeek] ?? fail(`the day "${p.firstDayOfWeek}"`)}`);
  const r = rec.range;
  if (r.type === 'numbered')
    parts.push(`COUNT=${int(r.numberOfOccurrences, 'numberOfOccurrences')}`);
  else if (r.type === 'endDate') {
    if (typeof r.endDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.endDate))
      fail(`the end date "${String(r.endDate)}"`);
    // Graph's endDate includes that day; an UNTIL on it at the series' wall time includes the
    // last occurrence, in UTC as RFC 5545 §3.3.10 asks when DTSTART has a zone.
    parts.push(
      start.time === null
        ? `UNTIL=${r.endDate.replace(/-/g, '')}`
        : `UNTIL=${new Date(
            toUtcMs({ dateTime: `${r.endDate}T${start.time}`, timeZone: start.zone }),
          )
            .toISOString()
            .replace(/[-:]/g, '')
            .replace(/\.\d{3}/, '')}`,
    );
  } else if (r.type !== 'noEnd') fail(`the range type "${String(r.type)}"`);
  return parts.join(';');
}

/** Reads a Graph recurrence out of JSON; throws when it is not one. */
export function readRecurrence(value: unknown): PatternedRecurrence {
  if (typeof value !== 'object' || value === null) fail('not an object');
  const v = value as { pattern?: unknown; range?: unknown };
  if (typeof v.pattern !== 'object' || v.pattern === null) fail('no pattern');
  if (typeof v.range !== 'object' || v.range === null) fail('no range');
  return { pattern: v.pattern as RecurrencePattern, range: v.range as RecurrenceRange };
}

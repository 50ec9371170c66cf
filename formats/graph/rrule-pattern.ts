// RRULE (RFC 5545 §3.3.10) → Graph patternedRecurrence, the half of recurrence.ts that reads
// rules: each FREQ and BY part Graph's pattern types can say, and an error for the rest (the
// caller skips the item). Monthly and yearly rules by weekday take either spelling RFC 5545 allows
// (BYDAY=2TU, or BYDAY=TU;BYSETPOS=2).
import ICAL from 'ical.js';
import { localDate } from './date-time-zone.js';
import {
  DAYS,
  fail,
  GRAPH_DAY,
  POS_INDEX,
  type DayOfWeek,
  type PatternedRecurrence,
  type RecurrencePattern,
  type RecurrenceRange,
  type SeriesStart,
} from './recurrence.js';

const weekdayOf = (date: string): DayOfWeek =>
  DAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as DayOfWeek;

interface ByDay {
  readonly pos: number | null;
  readonly day: DayOfWeek;
}

function byDays(values: readonly unknown[]): ByDay[] {
  return values.map((v) => {
    const m = /^([+-]?\d)?(SU|MO|TU|WE|TH|FR|SA)$/.exec(String(v));
    if (!m) fail(`BYDAY=${String(v)}`);
    return {
      pos: m[1] === undefined ? null : Number(m[1]),
      day: GRAPH_DAY[m[2] ?? ''] as DayOfWeek,
    };
  });
}

/** The day set and week index of a monthly or yearly rule by weekday (BYDAY=2TU or BYDAY=TU;BYSETPOS=2). */
function relative(
  by: ByDay[],
  setpos: readonly unknown[],
): { daysOfWeek: DayOfWeek[]; index: string } {
  const positions = new Set(by.map((b) => b.pos));
  let pos: number | null;
  if (setpos.length > 0) {
    if (setpos.length > 1 || positions.size !== 1 || !positions.has(null))
      fail('BYSETPOS with ordinals');
    pos = Number(setpos[0]);
  } else {
    if (positions.size !== 1) fail('mixed BYDAY ordinals');
    pos = [...positions][0] ?? null;
  }
  const index = pos === null ? undefined : POS_INDEX[pos];
  if (index === undefined) fail(`the position ${String(pos)}`);
  return { daysOfWeek: by.map((b) => b.day), index };
}

const ALLOWED = new Set(['BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS']);

/**
 * The Graph recurrence of an RRULE value for a series starting at `start`; `recurrenceTimeZone`
 * is the zone name Graph is given (a Windows name where one exists).
 */
export function patternOf(
  rrule: string,
  start: SeriesStart,
  recurrenceTimeZone: string,
): PatternedRecurrence {
  let recur: InstanceType<typeof ICAL.Recur>;
  try {
    recur = ICAL.Recur.fromString(rrule.replace(/^RRULE:/i, ''));
  } catch (err) {
    fail(`an unreadable RRULE (${(err as Error).message})`);
  }
  const parts = recur.parts as Record<string, unknown[] | undefined>;
  for (const key of Object.keys(parts)) if (!ALLOWED.has(key)) fail(key);
  const one = (key: string): number | undefined => {
    const v = parts[key];
    if (v === undefined || v.length === 0) return undefined;
    if (v.length > 1) fail(`several ${key} values`);
    const n = Number(v[0]);
    if (!Number.isInteger(n) || n < 1) fail(`${key}=${String(v[0])}`);
    return n;
  };
  const interval = recur.interval ?? 1;
  const by = byDays(parts['BYDAY'] ?? []);
  const setpos = parts['BYSETPOS'] ?? [];
  const [year, month, day] = start.date.split('-').map(Number) as [number, number, number];
  void year;
  let pattern: RecurrencePattern;
  switch (recur.freq) {
    case 'DAILY':
      if (parts['BYMONTHDAY'] || parts['BYMONTH'] || setpos.length > 0)
        fail('a daily rule with BY parts');
      if (by.length === 0) pattern = { type: 'daily', interval };
      else if (interval === 1 && by.every((b) => b.pos === null))
        // Every weekday is a weekly pattern in Graph (Outlook's "every weekday").
        pattern = {
          type: 'weekly',
          interval: 1,
          daysOfWeek: by.map((b) => b.day),
          firstDayOfWeek: 'monday',
        };
      else fail('a daily rule with BYDAY');
      break;
    case 'WEEKLY':
      if (
        parts['BYMONTHDAY'] ||
        parts['BYMONTH'] ||
        setpos.length > 0 ||
        by.some((b) => b.pos !== null)
      )
        fail('a weekly rule with month parts');
      pattern = {
        type: 'weekly',
        interval,
        daysOfWeek: by.length > 0 ? by.map((b) => b.day) : [weekdayOf(start.date)],
        firstDayOfWeek:
          GRAPH_DAY[
            String(recur.wkst === undefined ? 'MO' : ICAL.Recur.numericDayToIcalDay(recur.wkst))
          ] ?? 'monday',
      };
      break;
    case 'MONTHLY':
      if (parts['BYMONTH']) fail('a monthly rule with BYMONTH');
      pattern =
        by.length > 0
          ? { type: 'relativeMonthly', interval, ...relative(by, setpos) }
          : { type: 'absoluteMonthly', interval, dayOfMonth: one('BYMONTHDAY') ?? day };
      if (by.length > 0 && parts['BYMONTHDAY']) fail('BYDAY with BYMONTHDAY');
      break;
    case 'YEARLY': {
      const m = one('BYMONTH') ?? month;
      pattern =
        by.length > 0
          ? { type: 'relativeYearly', interval, month: m, ...relative(by, setpos) }
          : { type: 'absoluteYearly', interval, month: m, dayOfMonth: one('BYMONTHDAY') ?? day };
      if (by.length > 0 && parts['BYMONTHDAY']) fail('BYDAY with BYMONTHDAY');
      break;
    }
    default:
      fail(`FREQ=${String(recur.freq)}`);
  }
  if (pattern.type !== 'relativeMonthly' && pattern.type !== 'relativeYearly' && setpos.length > 0)
    fail('BYSETPOS');
  let range: RecurrenceRange;
  if (recur.count)
    range = {
      type: 'numbered',
      startDate: start.date,
      numberOfOccurrences: recur.count,
      recurrenceTimeZone,
    };
  else if (recur.until) {
    const until = recur.until;
    const endDate = until.isDate
      ? until.toString().slice(0, 10)
      : localDate(until.toUnixTime() * 1000, start.zone);
    range = { type: 'endDate', startDate: start.date, endDate, recurrenceTimeZone };
  } else range = { type: 'noEnd', startDate: start.date, recurrenceTimeZone };
  return { pattern, range };
}

// The occurrences of a series as Exchange lays them out from its patternedRecurrence (Graph docs,
// "recurrencePattern resource type" and "recurrenceRange resource type"), written here on its own
// (not through the bridge's RRULE code) so the sandbox checks the bridge rather than echoing it:
// local dates in the series zone, counted from the range's startDate, the master's wall time on
// each of them. Bounded in days walked, so an endless series costs no more than its window.
import type { Json } from './store.js';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const INDEX: Record<string, number> = { first: 0, second: 1, third: 2, fourth: 3, last: -1 };
const DAY_MS = 86_400_000;
/** Days walked at most (a bit over 50 years). */
const MAX_DAYS = 19_000;

interface Pattern {
  type: string;
  interval: number;
  month: number;
  dayOfMonth: number;
  daysOfWeek: string[];
  firstDayOfWeek: string;
  index: string;
}

const dayNo = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
const weekday = (n: number): string => DAYS[(((n + 4) % 7) + 7) % 7] ?? 'sunday';

function patternOf(rec: Json): Pattern {
  const p = (rec['pattern'] ?? {}) as Record<string, unknown>;
  return {
    type: String(p['type'] ?? ''),
    interval: Number(p['interval'] ?? 1) || 1,
    month: Number(p['month'] ?? 0),
    dayOfMonth: Number(p['dayOfMonth'] ?? 0),
    daysOfWeek: Array.isArray(p['daysOfWeek']) ? p['daysOfWeek'].map(String) : [],
    firstDayOfWeek: String(p['firstDayOfWeek'] ?? 'sunday'),
    index: String(p['index'] ?? 'first'),
  };
}

/** Whether the day is the pattern's nth (or last) day of its month among its weekdays. */
function relativeHit(p: Pattern, n: number): boolean {
  if (!p.daysOfWeek.includes(weekday(n))) return false;
  const d = new Date(n * DAY_MS);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
  const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY_MS;
  const hits: number[] = [];
  for (let k = first; k <= last; k++) if (p.daysOfWeek.includes(weekday(k))) hits.push(k);
  const i = INDEX[p.index] ?? 0;
  return (i < 0 ? hits.at(-1) : hits[i]) === n;
}

function matches(p: Pattern, start: number, n: number): boolean {
  const s = new Date(start * DAY_MS);
  const d = new Date(n * DAY_MS);
  const months = (d.getUTCFullYear() - s.getUTCFullYear()) * 12 + d.getUTCMonth() - s.getUTCMonth();
  const years = d.getUTCFullYear() - s.getUTCFullYear();
  switch (p.type) {
    case 'daily':
      return (n - start) % p.interval === 0;
    case 'weekly': {
      if (!p.daysOfWeek.includes(weekday(n))) return false;
      const fdw = Math.max(0, DAYS.indexOf(p.firstDayOfWeek));
      const weekStart = (k: number): number => k - ((DAYS.indexOf(weekday(k)) - fdw + 7) % 7);
      return ((weekStart(n) - weekStart(start)) / 7) % p.interval === 0;
    }
    case 'absoluteMonthly':
      return d.getUTCDate() === p.dayOfMonth && months % p.interval === 0;
    case 'relativeMonthly':
      return months % p.interval === 0 && relativeHit(p, n);
    case 'absoluteYearly':
      return (
        d.getUTCMonth() + 1 === p.month &&
        d.getUTCDate() === p.dayOfMonth &&
        years % p.interval === 0
      );
    case 'relativeYearly':
      return d.getUTCMonth() + 1 === p.month && years % p.interval === 0 && relativeHit(p, n);
    default:
      return false;
  }
}

/**
 * Local dates (`YYYY-MM-DD`) of the series' occurrences up to `untilDate` (inclusive), cancelled
 * ones included (the caller leaves them out); an unknown pattern yields none.
 */
export function occurrenceDates(rec: Json, untilDate: string): string[] {
  const p = patternOf(rec);
  const r = (rec['range'] ?? {}) as Record<string, unknown>;
  const startDate = String(r['startDate'] ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) return [];
  const start = dayNo(startDate);
  let last = dayNo(untilDate);
  if (r['type'] === 'endDate' && typeof r['endDate'] === 'string')
    last = Math.min(last, dayNo(r['endDate']));
  const count = r['type'] === 'numbered' ? Number(r['numberOfOccurrences'] ?? 0) : Infinity;
  const out: string[] = [];
  for (let n = start; n <= last && n - start < MAX_DAYS && out.length < count; n++)
    if (matches(p, start, n)) out.push(dateOf(n));
  return out;
}

// Whether a VTODO instance overlaps a time-range (RFC 4791 §9.9, the VTODO table): the rule
// depends on which of DTSTART, DUE, DURATION, COMPLETED and CREATED the component has. An open
// start or end of the range (null) is minus or plus infinity. For recurring to-dos the instance's
// DTSTART and DUE are the occurrence's (DUE keeps its distance from DTSTART).
import ICAL from 'ical.js';
import type { IcalComponent } from './parse-ics.js';
import { instantMs } from './instants.js';

export interface TodoTimes {
  /** DTSTART of the instance, or null when the component has none. */
  readonly startMs: number | null;
  /** DUE of the instance, or null. */
  readonly dueMs: number | null;
}

function instant(comp: IcalComponent, prop: string): number | null {
  const v = comp.getFirstPropertyValue(prop);
  if (!(v instanceof ICAL.Time)) return null;
  const tzid = comp.getFirstProperty(prop)?.getParameter('tzid');
  return instantMs(v, typeof tzid === 'string' ? tzid : null);
}

export function todoTimes(comp: IcalComponent, occurrenceStartMs: number | null): TodoTimes {
  const start = instant(comp, 'dtstart');
  const due = instant(comp, 'due');
  if (occurrenceStartMs === null || start === null) return { startMs: start, dueMs: due };
  return {
    startMs: occurrenceStartMs,
    dueMs: due === null ? null : occurrenceStartMs + (due - start),
  };
}

export function todoMatches(
  comp: IcalComponent,
  times: TodoTimes,
  fromMs: number | null,
  toMs: number | null,
): boolean {
  const from = fromMs ?? -Infinity;
  const to = toMs ?? Infinity;
  const { startMs: s, dueMs: d } = times;
  const duration = comp.getFirstPropertyValue('duration');
  if (s !== null && duration instanceof ICAL.Duration) {
    const e = s + duration.toSeconds() * 1000;
    return from <= e && (to > s || to >= e);
  }
  if (s !== null && d !== null) return (from < d || from <= s) && (to > s || to >= d);
  if (s !== null) return from <= s && to > s;
  if (d !== null) return from < d && to >= d;
  const completed = instant(comp, 'completed');
  const created = instant(comp, 'created');
  if (completed !== null && created !== null)
    return (from <= created || from <= completed) && (to >= created || to >= completed);
  if (completed !== null) return from <= completed && to >= completed;
  if (created !== null) return to > created;
  return true;
}

/** The instance's own span for ranges and expansion: DTSTART (or DUE) to DUE (or DTSTART+DURATION). */
export function todoSpan(comp: IcalComponent, times: TodoTimes): { s: number; e: number } | null {
  const s = times.startMs ?? times.dueMs;
  if (s === null) return null;
  const duration = comp.getFirstPropertyValue('duration');
  const e =
    times.dueMs ??
    (times.startMs !== null && duration instanceof ICAL.Duration
      ? times.startMs + duration.toSeconds() * 1000
      : s);
  return { s, e: Math.max(s, e) };
}

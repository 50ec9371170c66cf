// Instances of a calendar object (RFC 5545 §3.8.5, RFC 4791 §9.9): the master's RRULE/RDATE/
// EXDATE through ical.js, with overrides matched by RECURRENCE-ID. Every loop is capped in steps
// so a rule that would never end or explode (BYSECOND every second) cannot hang a worker.
import ICAL from 'ical.js';
import type { ExpansionBudget } from './expansion-budget.js';
import type { IcalComponent, ParsedObject } from './parse-ics.js';
import { instantMs } from './instants.js';
import { todoMatches, todoSpan, todoTimes, type TodoTimes } from './todo-range.js';

type IcalTime = InstanceType<typeof ICAL.Time>;

export interface Instance {
  readonly startMs: number;
  readonly endMs: number;
  readonly allDay: boolean;
  /** null for a non-recurring object. */
  readonly recurrenceId: IcalTime | null;
  /** The recurrence id as a UTC instant (DATE values at UTC midnight). */
  readonly recurrenceIdMs: number | null;
  readonly component: IcalComponent;
  /** For VTODO: the instance's own DTSTART and DUE (RFC 4791 §9.9 decides by which exist). */
  readonly todo?: TodoTimes;
}

export const MAX_STEPS = 20_000;
const DAY_MS = 86_400_000;

function tzidOf(comp: IcalComponent, prop: string): string | null {
  const tzid = comp.getFirstProperty(prop)?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : null;
}

function timeOf(comp: IcalComponent, prop: string): IcalTime | null {
  const v = comp.getFirstPropertyValue(prop);
  return v instanceof ICAL.Time ? v : null;
}

/** Start/end of one component occurrence (RFC 4791 §9.9 table for VEVENT; DTSTART/DUE for VTODO). */
function span(
  comp: IcalComponent,
  start: IcalTime | null,
  end: IcalTime | null,
): { s: number; e: number; allDay: boolean } | null {
  const startTime = start ?? timeOf(comp, 'dtstart') ?? timeOf(comp, 'due');
  if (!startTime) return null;
  const s = instantMs(startTime, tzidOf(comp, comp.hasProperty('dtstart') ? 'dtstart' : 'due'));
  const endTime = end ?? timeOf(comp, 'dtend') ?? timeOf(comp, 'due');
  if (endTime)
    return {
      s,
      e: Math.max(s, instantMs(endTime, tzidOf(comp, comp.hasProperty('dtend') ? 'dtend' : 'due'))),
      allDay: startTime.isDate,
    };
  const dur = comp.getFirstPropertyValue('duration');
  if (dur instanceof ICAL.Duration)
    return { s, e: s + dur.toSeconds() * 1000, allDay: startTime.isDate };
  return { s, e: startTime.isDate ? s + DAY_MS : s, allDay: startTime.isDate };
}

function todoInstance(
  comp: IcalComponent,
  occurrenceStartMs: number | null,
  recurrence: Pick<Instance, 'recurrenceId' | 'recurrenceIdMs'>,
): Instance {
  const todo = todoTimes(comp, occurrenceStartMs);
  const sp = todoSpan(comp, todo);
  // An undated to-do (no DTSTART, no DUE) has no span; it matches by COMPLETED/CREATED or always.
  return {
    startMs: sp?.s ?? NaN,
    endMs: sp?.e ?? NaN,
    allDay: timeOf(comp, 'dtstart')?.isDate ?? false,
    ...recurrence,
    component: comp,
    todo,
  };
}

function single(comp: IcalComponent): Instance[] {
  if (comp.name === 'vtodo')
    return [todoInstance(comp, null, { recurrenceId: null, recurrenceIdMs: null })];
  const sp = span(comp, null, null);
  return sp
    ? [
        {
          startMs: sp.s,
          endMs: sp.e,
          allDay: sp.allDay,
          recurrenceId: null,
          recurrenceIdMs: null,
          component: comp,
        },
      ]
    : [];
}

/** RFC 5545 §3.8.5: a rule needs DTSTART; a VTODO without one is a single to-do. */
export function isRecurring(obj: ParsedObject): boolean {
  return (
    obj.master.hasProperty('dtstart') && ['rrule', 'rdate'].some((p) => obj.master.hasProperty(p))
  );
}

function matches(i: Instance, fromMs: number | null, toMs: number | null): boolean {
  return i.todo ? todoMatches(i.component, i.todo, fromMs, toMs) : overlaps(i, fromMs, toMs);
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/**
 * Where to start iterating for a window (gateway/caldav/README.md §3 "anchor"): ical.js always
 * iterates from DTSTART, so an old daily series costs a step per day since then. For rules whose
 * occurrences lie on a fixed lattice — HOURLY, DAILY or WEEKLY with INTERVAL, UNTIL, WKST and for
 * WEEKLY a BYDAY holding DTSTART's weekday, no COUNT (it counts from DTSTART), no RDATE — DTSTART
 * moved whole periods forward is an occurrence too, and every occurrence after it is the same.
 * ical.js steps HOURLY rules in wall-clock time (RFC 5545 §3.3.10), so their period is the first
 * whole number of days that is a multiple of INTERVAL hours. The anchor stays one period plus the
 * event's length before the window and before every overridden instance.
 */
function anchorFor(obj: ParsedObject, fromMs: number | null): IcalTime | null {
  const rule = obj.master.getFirstPropertyValue('rrule');
  const start = timeOf(obj.master, 'dtstart');
  if (
    fromMs === null ||
    !start ||
    !(rule instanceof ICAL.Recur) ||
    rule.count ||
    obj.master.hasProperty('rdate')
  )
    return null;
  if (rule.freq !== 'DAILY' && rule.freq !== 'WEEKLY' && rule.freq !== 'HOURLY') return null;
  const parts = Object.entries(rule.parts).filter(([, v]) => Array.isArray(v) && v.length > 0);
  const byDay = rule.parts['BYDAY'];
  const weekday = WEEKDAYS[start.dayOfWeek() - 1];
  const byDayOk =
    rule.freq === 'WEEKLY' &&
    parts.length === 1 &&
    Array.isArray(byDay) &&
    byDay.every((d) => /^[A-Z]{2}$/.test(String(d))) &&
    byDay.includes(weekday ?? '');
  if (parts.length > 0 && !byDayOk) return null;
  const interval = rule.interval || 1;
  const periodDays =
    rule.freq === 'HOURLY' ? lcm(interval, 24) / 24 : interval * (rule.freq === 'WEEKLY' ? 7 : 1);
  const startMs = instantMs(start, tzidOf(obj.master, 'dtstart'));
  const end = single(obj.master)[0]?.endMs ?? startMs;
  const length = Number.isFinite(end) ? end - startMs : 0;
  const overrides = obj.overrides.map((o) => {
    const r = timeOf(o, 'recurrence-id');
    return r ? instantMs(r, tzidOf(o, 'recurrence-id')) : startMs;
  });
  const limit = Math.min(fromMs - length - periodDays * DAY_MS, ...overrides);
  const periods = Math.floor((limit - startMs) / (periodDays * DAY_MS));
  if (periods <= 0) return null;
  const anchor = start.clone();
  anchor.adjust(periods * periodDays, 0, 0, 0);
  return anchor;
}

/** Iterator steps between two pauses of walk (a pause costs a clock read). */
const PAUSE_STEPS = 64;

/**
 * The expansion itself, as a generator that yields every PAUSE_STEPS steps so an async caller can
 * let the event loop turn (instancesInSlices); `budget` takes every step of the request.
 */
function* walk(
  obj: ParsedObject,
  fromMs: number | null,
  toMs: number | null,
  cap: number,
  budget: ExpansionBudget | null,
): Generator<void, Instance[]> {
  if (!isRecurring(obj))
    return [obj.master, ...obj.overrides].flatMap(single).filter((i) => matches(i, fromMs, toMs));
  const event = new ICAL.Event(obj.master, { exceptions: [...obj.overrides] });
  const lastOverride = Math.max(
    0,
    ...obj.overrides.map((o) => {
      const r = timeOf(o, 'recurrence-id');
      return r ? instantMs(r, tzidOf(o, 'recurrence-id')) : 0;
    }),
  );
  const stopAt = toMs === null ? null : Math.max(toMs, lastOverride);
  const iter = event.iterator(anchorFor(obj, fromMs) ?? undefined);
  const out: Instance[] = [];
  for (let step = 0; step < MAX_STEPS && out.length < cap; step++) {
    budget?.step();
    if (step % PAUSE_STEPS === PAUSE_STEPS - 1) yield;
    const next = iter.next();
    if (!next) break;
    if (stopAt !== null && instantMs(next, tzidOf(obj.master, 'dtstart')) >= stopAt) break;
    const details = event.getOccurrenceDetails(next);
    const comp = details.item.component;
    const ridMs = instantMs(details.recurrenceId, tzidOf(obj.master, 'dtstart'));
    const recurrence = { recurrenceId: details.recurrenceId, recurrenceIdMs: ridMs };
    let inst: Instance;
    if (obj.kind === 'VTODO') {
      // An override carries its own DTSTART/DUE; the master's occurrence shifts both.
      inst = todoInstance(
        comp,
        comp === obj.master ? instantMs(details.startDate, tzidOf(comp, 'dtstart')) : null,
        recurrence,
      );
    } else {
      const sp = span(comp, details.startDate, details.endDate);
      if (!sp) continue;
      inst = { startMs: sp.s, endMs: sp.e, allDay: sp.allDay, ...recurrence, component: comp };
    }
    if (matches(inst, fromMs, toMs)) out.push(inst);
  }
  return out;
}

/** Instances overlapping [fromMs, toMs) (null = open), at most `cap`, oldest recurrence first. */
export function instancesIn(
  obj: ParsedObject,
  fromMs: number | null,
  toMs: number | null,
  cap: number,
): Instance[] {
  const gen = walk(obj, fromMs, toMs, cap, null);
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** instancesIn drawing on a request's budget, letting the event loop turn between slices. */
export async function instancesInSlices(
  obj: ParsedObject,
  fromMs: number | null,
  toMs: number | null,
  cap: number,
  budget: ExpansionBudget,
): Promise<Instance[]> {
  const gen = walk(obj, fromMs, toMs, cap, budget);
  for (;;) {
    await budget.pause();
    const started = performance.now();
    const r = gen.next();
    budget.charge(performance.now() - started);
    if (r.done) return r.value;
  }
}

/** RFC 4791 §9.9: start < end-of-instance and end > start; zero-length instances match at their start. */
export function overlaps(
  i: Pick<Instance, 'startMs' | 'endMs'>,
  fromMs: number | null,
  toMs: number | null,
): boolean {
  const afterStart =
    fromMs === null || (i.endMs > i.startMs ? i.endMs > fromMs : i.startMs >= fromMs);
  return afterStart && (toMs === null || i.startMs < toMs);
}

/** First start and last end of the object; end null when the series is endless (or beyond the cap). */
export function objectRange(obj: ParsedObject): { start: number | null; end: number | null } {
  const rule = obj.master.getFirstPropertyValue('rrule');
  // A COUNT beyond the step cap cannot be walked to its end: treated as endless without trying.
  const endless =
    isRecurring(obj) &&
    rule instanceof ICAL.Recur &&
    (!rule.isFinite() || (rule.count ?? 0) > MAX_STEPS);
  const first = instancesIn(obj, null, null, 1)[0];
  const all = endless ? [] : instancesIn(obj, null, null, MAX_STEPS);
  const open = endless || all.length >= MAX_STEPS;
  if (obj.kind === 'VTODO') {
    // A to-do without DTSTART and DUE matches by COMPLETED/CREATED or always: every query's
    // candidate. The others widen by a second, since §9.9 compares DUE inclusively.
    if ([first, ...all].some((i) => i !== undefined && Number.isNaN(i.startMs)))
      return { start: null, end: null };
    if (!first) return { start: null, end: null };
    const start = Math.min(first.startMs, ...all.map((i) => i.startMs)) - 1000;
    return { start, end: open ? null : Math.max(first.endMs, ...all.map((i) => i.endMs)) + 1000 };
  }
  if (!first) return { start: null, end: null };
  if (open) return { start: first.startMs, end: null };
  return {
    start: Math.min(...all.map((i) => i.startMs)),
    end: Math.max(...all.map((i) => i.endMs)),
  };
}

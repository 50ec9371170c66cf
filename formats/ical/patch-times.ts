// CRM times → a stored iCalendar object (RFC 5545 §3.3.4, §3.3.5, §3.8.2, §3.8.4.4, §3.8.5). One
// implementation for the CalDAV server (from-crm.ts patches a client's object after a CRM edit)
// and the CalDAV bridge (ics-patch.ts patches a remote object): the CRM holds only the first
// instance's start and end in UTC, so the object's own forms are kept — VALUE=DATE for whole days,
// the TZID zone (with or without a VTIMEZONE) — and a series moves as a whole.
import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import type { FieldValues } from '../../store/types.js';
import { ianaZoneKnown, wallClockMs } from './instants.js';
import { instancesIn } from './instances.js';
import type { IcalComponent, ParsedObject } from './parse-ics.js';
import { zoneOf } from './zones.js';
import { eventValues, taskValues } from './to-crm.js';

type IcalTime = InstanceType<typeof ICAL.Time>;

/** First-instance start and end as UTC milliseconds; null where the side has none. */
export interface TimeSpan {
  readonly startMs: number | null;
  readonly endMs: number | null;
}

const DAY_MS = 86_400_000;

export function utcMs(
  date: string | null | undefined,
  time: string | null | undefined,
): number | null {
  if (!date) return null;
  const ms = Date.parse(`${date}T${time ?? '00:00:00'}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The CRM's span of a record's values (date_start/time_start, due_date/time_end; kept in UTC). */
export function crmSpan(v: FieldValues): TimeSpan {
  return {
    startMs: utcMs(v['date_start'], v['time_start']),
    endMs: utcMs(v['due_date'], v['time_end']),
  };
}

function isoFields(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * The value for an instant written like `model` (the property's old value, else DTSTART's):
 * a date while it is one and the instant is a UTC midnight (the CRM keeps all-day dates so,
 * to-crm.ts); local time in the TZID zone, from the object's own VTIMEZONE (zones.ts), else from the
 * runtime's ICU for a bare IANA or Windows name (gateway/caldav/README.md §1.4); UTC otherwise.
 */
function timeLike(
  model: InstanceType<typeof ICAL.Property> | null,
  ms: number,
): { value: IcalTime; tzid: string | null } {
  const old = model?.getFirstValue();
  if (old instanceof ICAL.Time && old.isDate && ms % DAY_MS === 0)
    return { value: ICAL.Time.fromDateString(isoFields(ms).slice(0, 10)), tzid: null };
  const utc = ICAL.Time.fromDateTimeString(isoFields(ms) + 'Z');
  const tzid = model?.getParameter('tzid');
  if (typeof tzid !== 'string') return { value: utc, tzid: null };
  const zone = model?.parent ? zoneOf(model.parent, tzid) : null;
  if (zone) {
    const local = utc.convertToZone(zone);
    return { value: local, tzid: isUtc(local) ? null : tzid };
  }
  if (ianaZoneKnown(tzid))
    return { value: ICAL.Time.fromDateTimeString(isoFields(wallClockMs(tzid, ms))), tzid };
  return { value: utc, tzid: null };
}

function isUtc(t: unknown): boolean {
  return t instanceof ICAL.Time && !t.isDate && t.zone?.tzid === 'UTC';
}

function setTime(comp: IcalComponent, prop: string, ms: number): void {
  const { value, tzid } = timeLike(
    comp.getFirstProperty(prop) ?? comp.getFirstProperty('dtstart'),
    ms,
  );
  comp.removeAllProperties(prop);
  const p = comp.addPropertyWithValue(prop, value);
  if (tzid !== null) p.setParameter('tzid', tzid);
}

/** A time moved by `ms` in its own zone's wall clock (dates by whole days), so DST does not shift the series. */
function shifted(t: unknown, ms: number): unknown {
  if (t instanceof ICAL.Period) {
    // RDATE;VALUE=PERIOD (§3.3.9): the start moves; an explicit end moves with it, a duration stays.
    const moved = t.clone();
    moved.start = shifted(t.start, ms) as IcalTime;
    if (t.end) moved.end = shifted(t.end, ms) as IcalTime;
    return moved;
  }
  if (!(t instanceof ICAL.Time) || ms === 0) return t;
  const moved = t.clone();
  if (moved.isDate) moved.adjust(Math.trunc(ms / DAY_MS), 0, 0, 0);
  else moved.addDuration(ICAL.Duration.fromSeconds(Math.round(ms / 1000)));
  return moved;
}

function shiftProps(comp: IcalComponent, prop: string, ms: number): void {
  if (ms === 0) return;
  for (const p of comp.getAllProperties(prop)) {
    const values = p.getValues().map((v) => shifted(v, ms));
    // Single-valued properties (DTSTART, DTEND, RECURRENCE-ID) refuse setValues in ical.js.
    if (p.isMultiValue) p.setValues(values);
    else p.setValue(values[0] as IcalTime);
    // ical.js writes a UTC value with a trailing Z; a TZID beside it is not allowed (§3.2.19).
    if (isUtc(values[0])) p.removeParameter('tzid');
  }
}

/**
 * A series moves as a whole (RFC 5545 §3.8.4.4: a RECURRENCE-ID names an instance by its original
 * start): DTSTART, DTEND/DUE (or DURATION), RDATEs, EXDATEs and the overrides' RECURRENCE-IDs shift
 * by the first instance's change, so cancelled and moved instances keep pointing at the same
 * occurrences; an override's own DTSTART stays where its client put it.
 */
function shiftSeries(
  parsed: ParsedObject,
  endProp: string,
  startDelta: number,
  endDelta: number,
): void {
  const master = parsed.master;
  shiftProps(master, 'dtstart', startDelta);
  shiftProps(master, endProp, endDelta);
  const duration = master.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration && endDelta !== startDelta) {
    master.updatePropertyWithValue(
      'duration',
      ICAL.Duration.fromSeconds(duration.toSeconds() + Math.round((endDelta - startDelta) / 1000)),
    );
  }
  shiftProps(master, 'rdate', startDelta);
  shiftProps(master, 'exdate', startDelta);
  for (const override of parsed.overrides) shiftProps(override, 'recurrence-id', startDelta);
}

/**
 * Writes the CRM's first-instance times over the object's master where they differ from the
 * object's own (`current`, as the iCalendar → CRM mapping reads it). A side the CRM did not change
 * is left byte-identical; returns whether anything changed.
 */
export function patchTimes(parsed: ParsedObject, current: TimeSpan, next: TimeSpan): boolean {
  const master = parsed.master;
  const endProp = parsed.kind === 'VTODO' ? 'due' : 'dtend';
  const startChanged = next.startMs !== null && next.startMs !== current.startMs;
  const endChanged = next.endMs !== null && next.endMs !== current.endMs;
  if (!startChanged && !endChanged) return false;
  if (master.hasProperty('rrule') || master.hasProperty('rdate')) {
    const startDelta =
      startChanged && current.startMs !== null ? (next.startMs as number) - current.startMs : 0;
    let endDelta =
      endChanged && current.endMs !== null ? (next.endMs as number) - current.endMs : 0;
    // An end moved before the start keeps the instances' length instead of inverting them.
    if (
      current.startMs !== null &&
      current.endMs !== null &&
      current.endMs + endDelta < current.startMs + startDelta
    )
      endDelta = startDelta;
    shiftSeries(parsed, endProp, startDelta, endDelta);
    return true;
  }
  const hadDuration = master.hasProperty('duration');
  if (startChanged) setTime(master, 'dtstart', next.startMs as number);
  // DURATION hangs off DTSTART: a moved start with the end kept needs DTEND/DUE (§3.8.2.5).
  const endMs = endChanged ? next.endMs : hadDuration && startChanged ? current.endMs : null;
  if (endMs !== null) {
    master.removeAllProperties('duration');
    setTime(master, endProp, Math.max(endMs, next.startMs ?? endMs));
  }
  return true;
}

/** The object's first-instance span as the iCalendar → CRM mapping reads it (to-crm.ts). */
export function objectSpan(parsed: ParsedObject): TimeSpan {
  return crmSpan(
    parsed.kind === 'VTODO'
      ? taskValues(parsed)
      : eventValues(parsed, instancesIn(parsed, null, null, 1)[0]),
  );
}

// Finding a series' first instance costs far more than parsing it (ical.js's iterator, ICU for a
// bare TZID), and a CRM-edited object is rendered again on every client's sync: the span of a
// stored text is kept by the text's digest (so memory stays bounded whatever the texts' size),
// for a bounded number of texts, oldest forgotten first.
const SPAN_MEMO_SIZE = 2_000;
const spanMemo = new Map<string, TimeSpan>();

/** objectSpan of `parsed`, remembered by the text it was parsed from. */
export function storedSpan(text: string, parsed: ParsedObject): TimeSpan {
  const key = createHash('sha256').update(text).digest('base64');
  let span = spanMemo.get(key);
  if (!span) {
    span = objectSpan(parsed);
    if (spanMemo.size >= SPAN_MEMO_SIZE) spanMemo.delete(spanMemo.keys().next().value as string);
    spanMemo.set(key, span);
  }
  return span;
}

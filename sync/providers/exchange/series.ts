// Recurring series between Graph and the CRM's stored iCalendar (sync/providers/exchange/README.md
// "Recurring series"). A Graph seriesMaster — patternedRecurrence, cancelledOccurrences ("OID.<master
// id>.<date>", Graph docs "event resource type") and exceptionOccurrences (each with its
// originalStart) — is one CRM Event whose stored calendar object carries RRULE, EXDATE and
// RECURRENCE-ID overrides (RFC 5545 §3.8.5, §3.8.4.4), as the CalDAV bridge keeps remote series
// (sync/calendar/stored-object.ts). Both sides are read into `SeriesFields`: the rule in one
// canonical spelling (through Graph's pattern), instants in UTC, so the engine's hash sees a
// series unchanged when only its spelling differs.
import ICAL from 'ical.js';
import { inZone, toUtcMs, zoneOf } from '../../../formats/graph/date-time-zone.js';
import { patternOf } from '../../../formats/graph/rrule-pattern.js';
import {
  readRecurrence,
  rruleOf,
  type PatternedRecurrence,
  type SeriesStart,
} from '../../../formats/graph/recurrence.js';
import { instantMs } from '../../../formats/ical/instants.js';
import type { IcalComponent, ParsedObject } from '../../../formats/ical/parse-ics.js';
import { ianaName, windowsName } from '../../../formats/ical/windows-zones.js';
import type { GraphJson } from './transport.js';

export interface SeriesOverride {
  /** The occurrence's original start (RECURRENCE-ID, Graph's originalStart), UTC ms. */
  readonly originalMs: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly subject: string;
  readonly description: string | null;
  readonly location: string | null;
}

export interface SeriesFields {
  /** The RRULE value in its canonical spelling. */
  readonly rrule: string;
  /** The IANA zone the series recurs in. */
  readonly zone: string;
  /** Original starts of cancelled occurrences (EXDATE), UTC ms, ascending. */
  readonly cancelled: readonly number[];
  readonly overrides: readonly SeriesOverride[];
}

/** What a series shares with its master's synced fields. */
export interface MasterFields {
  readonly subject: string;
  readonly description: string | null;
  readonly location: string | null;
  readonly startMs: number;
  readonly endMs: number;
  readonly allDay: boolean;
}

const DAY_MS = 86_400_000;

export function seriesStart(startMs: number, zone: string, allDay: boolean): SeriesStart {
  if (allDay) return { date: new Date(startMs).toISOString().slice(0, 10), time: null, zone };
  const local = inZone(startMs, zone).dateTime;
  return { date: local.slice(0, 10), time: local.slice(11, 19), zone };
}

/** The UTC instant of the series' occurrence on a local date (its wall time on that day). */
export function occurrenceMs(date: string, start: SeriesStart): number {
  if (start.time === null) return Date.parse(`${date}T00:00:00Z`);
  return toUtcMs({ dateTime: `${date}T${start.time}`, timeZone: start.zone });
}

const byOriginal = (a: SeriesOverride, b: SeriesOverride): number => a.originalMs - b.originalMs;

/**
 * The series of a Graph seriesMaster read with its cancelled and exception occurrences; `read`
 * gives the synced fields of an exception. Throws on a pattern or zone the bridge cannot carry.
 */
export function seriesOfGraph(
  e: GraphJson,
  master: MasterFields,
  read: (x: GraphJson) => MasterFields,
): SeriesFields {
  const rec = readRecurrence(e['recurrence']);
  const zoneName =
    (typeof e['originalStartTimeZone'] === 'string' && e['originalStartTimeZone']) ||
    rec.range.recurrenceTimeZone ||
    (e['start'] as { timeZone?: string } | undefined)?.timeZone ||
    'UTC';
  const zone = zoneOf(zoneName);
  const start = seriesStart(master.startMs, zone, master.allDay);
  const cancelled = (Array.isArray(e['cancelledOccurrences']) ? e['cancelledOccurrences'] : [])
    .map((oid) => /(\d{4}-\d{2}-\d{2})$/.exec(String(oid))?.[1])
    .filter((d): d is string => d !== undefined)
    .map((d) => occurrenceMs(d, start))
    .sort((a, b) => a - b);
  const overrides = (Array.isArray(e['exceptionOccurrences']) ? e['exceptionOccurrences'] : [])
    .map((x) => x as GraphJson)
    .map((x) => {
      const originalMs = Date.parse(String(x['originalStart'] ?? ''));
      if (Number.isNaN(originalMs))
        throw new Error(`exception ${String(x['id'])} without originalStart`);
      const f = read(x);
      return {
        originalMs,
        startMs: f.startMs,
        endMs: f.endMs,
        subject: f.subject,
        description: f.description,
        location: f.location,
      };
    })
    .sort(byOriginal);
  return { rrule: rruleOf(rec, start), zone, cancelled, overrides };
}

function timeOf(
  comp: IcalComponent,
  prop: string,
): { t: InstanceType<typeof ICAL.Time>; tzid: string | null } | null {
  const p = comp.getFirstProperty(prop);
  const t = p?.getFirstValue();
  if (!(t instanceof ICAL.Time)) return null;
  const tzid = p?.getParameter('tzid');
  return { t, tzid: typeof tzid === 'string' ? tzid : null };
}

const text = (comp: IcalComponent, prop: string): string | null => {
  const v = comp.getFirstPropertyValue(prop);
  return typeof v === 'string' && v !== '' ? v : null;
};

/**
 * The series of a stored calendar object (the CRM's copy of a recurring Event), or null when the
 * object does not recur. Throws when the rule cannot be carried to Graph (RDATE, hourly ...).
 */
export function seriesOfIcs(obj: ParsedObject, master: MasterFields): SeriesFields | null {
  const rule = obj.master.getFirstPropertyValue('rrule');
  if (!(rule instanceof ICAL.Recur)) return null;
  if (obj.master.hasProperty('rdate')) throw new Error('a series with RDATE cannot go to Graph');
  const dtstart = timeOf(obj.master, 'dtstart');
  if (!dtstart) throw new Error('a series without DTSTART');
  const zone =
    dtstart.t.isDate || dtstart.t.zone?.tzid === 'UTC' || dtstart.tzid === null
      ? 'UTC'
      : ianaName(dtstart.tzid);
  const startMs = instantMs(dtstart.t, dtstart.tzid);
  const start = seriesStart(startMs, zone, dtstart.t.isDate);
  const rrule = rruleOf(patternOf(rule.toString(), start, windowsName(zone)), start);
  const cancelled: number[] = [];
  for (const p of obj.master.getAllProperties('exdate')) {
    const tzid = p.getParameter('tzid');
    for (const v of p.getValues())
      if (v instanceof ICAL.Time)
        cancelled.push(instantMs(v, typeof tzid === 'string' ? tzid : null));
  }
  const overrides = obj.overrides.map((o) => {
    const rid = timeOf(o, 'recurrence-id');
    if (!rid) throw new Error('an override without RECURRENCE-ID');
    const s = timeOf(o, 'dtstart');
    const e = timeOf(o, 'dtend');
    const originalMs = instantMs(rid.t, rid.tzid);
    const startMs2 = s ? instantMs(s.t, s.tzid) : originalMs;
    const endMs = e ? instantMs(e.t, e.tzid) : startMs2 + (master.endMs - master.startMs);
    return {
      originalMs,
      startMs: startMs2,
      endMs: Math.max(startMs2, endMs),
      subject: text(o, 'summary') ?? master.subject,
      description: text(o, 'description') ?? master.description,
      location: text(o, 'location') ?? master.location,
    };
  });
  return {
    rrule,
    zone,
    cancelled: [...new Set(cancelled)].sort((a, b) => a - b),
    overrides: overrides.sort(byOriginal),
  };
}

/** The recurrence Graph is given for a series starting at `startMs`. */
export function graphRecurrence(
  s: SeriesFields,
  startMs: number,
  allDay: boolean,
): PatternedRecurrence {
  return patternOf(s.rrule, seriesStart(startMs, s.zone, allDay), windowsName(s.zone));
}

/** A wall time of the series' zone as Graph writes it, the zone under its Windows name. */
export function zoned(
  ms: number,
  s: SeriesFields,
  allDay: boolean,
): { dateTime: string; timeZone: string } {
  const timeZone = windowsName(s.zone);
  if (allDay)
    return { dateTime: `${new Date(ms).toISOString().slice(0, 10)}T00:00:00.0000000`, timeZone };
  return { dateTime: inZone(ms, s.zone).dateTime, timeZone };
}

const localDate = (ms: number, s: SeriesFields, allDay: boolean): string =>
  allDay ? new Date(ms).toISOString().slice(0, 10) : inZone(ms, s.zone).dateTime.slice(0, 10);

/** cancelledOccurrences as Graph spells them, for the item kept as the remote copy. */
export function cancelledIds(s: SeriesFields, masterId: string, allDay: boolean): string[] {
  return s.cancelled.map((ms) => `OID.${masterId}.${localDate(ms, s, allDay)}`);
}

function icalTime(
  ms: number,
  zone: string,
  allDay: boolean,
): { value: InstanceType<typeof ICAL.Time>; tzid: string | null } {
  if (allDay)
    return { value: ICAL.Time.fromDateString(new Date(ms).toISOString().slice(0, 10)), tzid: null };
  if (zone === 'UTC')
    return {
      value: ICAL.Time.fromDateTimeString(new Date(ms).toISOString().slice(0, 19) + 'Z'),
      tzid: null,
    };
  return {
    value: ICAL.Time.fromDateTimeString(inZone(ms, zone).dateTime.slice(0, 19)),
    tzid: zone,
  };
}

function addTime(
  comp: IcalComponent,
  prop: string,
  ms: number,
  zone: string,
  allDay: boolean,
): void {
  const { value, tzid } = icalTime(ms, zone, allDay);
  const p = comp.addPropertyWithValue(prop, value);
  if (tzid) p.setParameter('tzid', tzid);
}

function addText(comp: IcalComponent, prop: string, value: string | null): void {
  if (value !== null && value !== '') comp.addPropertyWithValue(prop, value);
}

/** The iCalendar object of a series (master, EXDATEs, overrides) under `uid`. */
export function seriesIcs(
  uid: string,
  master: MasterFields,
  s: SeriesFields,
  stampMs: number,
): string {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('prodid', '-//CRM Standards Gateway//Exchange bridge//EN');
  const stamp = ICAL.Time.fromDateTimeString(new Date(stampMs).toISOString().slice(0, 19) + 'Z');
  const ev = new ICAL.Component('vevent');
  ev.addPropertyWithValue('uid', uid);
  ev.addPropertyWithValue('dtstamp', stamp);
  addTime(ev, 'dtstart', master.startMs, s.zone, master.allDay);
  addTime(
    ev,
    'dtend',
    master.allDay ? Math.max(master.endMs, master.startMs + DAY_MS) : master.endMs,
    s.zone,
    master.allDay,
  );
  ev.addPropertyWithValue('rrule', ICAL.Recur.fromString(s.rrule));
  for (const ms of s.cancelled) addTime(ev, 'exdate', ms, s.zone, master.allDay);
  addText(ev, 'summary', master.subject);
  addText(ev, 'description', master.description);
  addText(ev, 'location', master.location);
  cal.addSubcomponent(ev);
  for (const o of s.overrides) {
    const x = new ICAL.Component('vevent');
    x.addPropertyWithValue('uid', uid);
    x.addPropertyWithValue('dtstamp', stamp);
    addTime(x, 'recurrence-id', o.originalMs, s.zone, master.allDay);
    addTime(x, 'dtstart', o.startMs, s.zone, master.allDay);
    addTime(x, 'dtend', o.endMs, s.zone, master.allDay);
    addText(x, 'summary', o.subject);
    addText(x, 'description', o.description);
    addText(x, 'location', o.location);
    cal.addSubcomponent(x);
  }
  return cal.toString() + '\r\n';
}

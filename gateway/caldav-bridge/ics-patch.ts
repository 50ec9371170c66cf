// CRM → remote object (RFC 5545 §3.6.1). A remote object is patched, never rebuilt: only SUMMARY,
// DESCRIPTION, DTSTART and DTEND of the master change, so alarms, attendees, X- properties, the
// recurrence rule, EXDATEs and moved instances (RECURRENCE-ID overrides) stay as the remote has them.
// Times keep their time zone when ical.js knows it; otherwise they are written in UTC.
import ICAL from 'ical.js';
import { readRemote, type SyncedFields } from './fields.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;

const PRODID = '-//CRM Standards Gateway//CalDAV bridge//EN';

function utcTime(ms: number): IcalTime {
  return ICAL.Time.fromDateTimeString(new Date(ms).toISOString().slice(0, 19) + 'Z');
}

const DAY_MS = 86_400_000;

/**
 * Sets a DATE-TIME property, in the zone it had when that zone is known, else in UTC. An all-day
 * value (VALUE=DATE, RFC 5545 §3.3.4) stays a date while the CRM keeps it on a day boundary: the
 * CRM holds all-day dates as midnight UTC (to-crm.ts), so a move by whole days stays all-day.
 */
function setTime(comp: IcalComponent, prop: string, ms: number): void {
  const old = comp.getFirstProperty(prop);
  const oldValue = old?.getFirstValue();
  if (oldValue instanceof ICAL.Time && oldValue.isDate && ms % DAY_MS === 0) {
    comp.removeAllProperties(prop);
    comp.addPropertyWithValue(prop, ICAL.Time.fromDateString(new Date(ms).toISOString().slice(0, 10)));
    return;
  }
  const tzid = old?.getParameter('tzid');
  const zone = typeof tzid === 'string' && ICAL.TimezoneService.has(tzid) ? ICAL.TimezoneService.get(tzid) : null;
  comp.removeAllProperties(prop);
  const value = utcTime(ms);
  if (zone) {
    const local = value.convertToZone(zone);
    const p = comp.addPropertyWithValue(prop, local);
    p.setParameter('tzid', String(tzid));
  } else {
    comp.addPropertyWithValue(prop, value);
  }
}

function setText(comp: IcalComponent, prop: string, value: string | null): void {
  if (value === null || value === '') comp.removeAllProperties(prop);
  else comp.updatePropertyWithValue(prop, value);
}

function stamp(comp: IcalComponent, nowMs: number): void {
  comp.updatePropertyWithValue('dtstamp', utcTime(nowMs));
  comp.updatePropertyWithValue('last-modified', utcTime(nowMs));
}

function shifted(t: unknown, ms: number): unknown {
  if (!(t instanceof ICAL.Time) || ms === 0) return t;
  const moved = t.clone();
  moved.addDuration(ICAL.Duration.fromSeconds(Math.round(ms / 1000)));
  return moved;
}

/**
 * A series moved in the CRM moves as a whole, in its own time zone: DTSTART, DTEND (or DURATION),
 * EXDATEs and the RECURRENCE-IDs of overrides shift by the same amount (RFC 5545 §3.8.4.4: a
 * RECURRENCE-ID names an instance by its original start), so exceptions and moved instances keep
 * pointing at the same occurrences. The CRM holds the first instance, so the shift is its change.
 */
function shiftSeries(remote: ReturnType<typeof readRemote>, fields: SyncedFields): void {
  const master = remote.parsed.master;
  const startDelta = fields.startMs - remote.fields.startMs;
  const endDelta = fields.endMs - remote.fields.endMs;
  const move = (prop: string, ms: number): void => {
    const p = master.getFirstProperty(prop);
    if (p) p.setValue(shifted(p.getFirstValue(), ms) as IcalTime);
  };
  move('dtstart', startDelta);
  move('dtend', endDelta);
  const duration = master.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration && endDelta !== startDelta) {
    master.updatePropertyWithValue('duration', ICAL.Duration.fromSeconds(duration.toSeconds() + Math.round((endDelta - startDelta) / 1000)));
  }
  for (const prop of master.getAllProperties('exdate')) prop.setValues(prop.getValues().map((v) => shifted(v, startDelta)));
  for (const override of remote.parsed.overrides) {
    const rid = override.getFirstProperty('recurrence-id');
    if (rid) rid.setValue(shifted(rid.getFirstValue(), startDelta) as IcalTime);
  }
}

/** The remote text with the CRM's fields written over the master; times only when they differ. */
export function patchIcs(ics: string, fields: SyncedFields, nowMs: number): string {
  const remote = readRemote(ics);
  const master = remote.parsed.master;
  setText(master, 'summary', fields.subject);
  setText(master, 'description', fields.description);
  if (remote.fields.startMs !== fields.startMs || remote.fields.endMs !== fields.endMs) {
    if (master.hasProperty('rrule')) {
      shiftSeries(remote, fields);
    } else {
      master.removeAllProperties('duration');
      setTime(master, 'dtstart', fields.startMs);
      // RFC 5545 §3.6.2: a VTODO ends with DUE, a VEVENT with DTEND.
      setTime(master, remote.parsed.kind === 'VTODO' ? 'due' : 'dtend', fields.endMs);
    }
  }
  stamp(master, nowMs);
  return remote.parsed.calendar.toString();
}

/** A new object for a CRM activity that has none yet. */
export function freshIcs(uid: string, fields: SyncedFields, nowMs: number, component: 'VEVENT' | 'VTODO' = 'VEVENT'): string {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('prodid', PRODID);
  const ev = new ICAL.Component(component.toLowerCase());
  ev.addPropertyWithValue('uid', uid);
  ev.addPropertyWithValue('dtstart', utcTime(fields.startMs));
  ev.addPropertyWithValue(component === 'VTODO' ? 'due' : 'dtend', utcTime(fields.endMs));
  setText(ev, 'summary', fields.subject);
  setText(ev, 'description', fields.description);
  stamp(ev, nowMs);
  cal.addSubcomponent(ev);
  return cal.toString();
}

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

/** Sets a DATE-TIME property, in the zone it had when that zone is known, else in UTC. */
function setTime(comp: IcalComponent, prop: string, ms: number): void {
  const old = comp.getFirstProperty(prop);
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

/** The remote text with the CRM's fields written over the master; times only when they differ. */
export function patchIcs(ics: string, fields: SyncedFields, nowMs: number): string {
  const remote = readRemote(ics);
  const master = remote.parsed.master;
  setText(master, 'summary', fields.subject);
  setText(master, 'description', fields.description);
  if (remote.fields.startMs !== fields.startMs || remote.fields.endMs !== fields.endMs) {
    master.removeAllProperties('duration');
    setTime(master, 'dtstart', fields.startMs);
    // RFC 5545 §3.6.2: a VTODO ends with DUE, a VEVENT with DTEND.
    setTime(master, remote.parsed.kind === 'VTODO' ? 'due' : 'dtend', fields.endMs);
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

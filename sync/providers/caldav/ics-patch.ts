// CRM → remote object (RFC 5545 §3.6.1). A remote object is patched, never rebuilt: only SUMMARY,
// DESCRIPTION, DTSTART and DTEND of the master change, so alarms, attendees, X- properties, the
// recurrence rule, EXDATEs and moved instances (RECURRENCE-ID overrides) stay as the remote has them.
// Times are patched by the CalDAV server's shared code (formats/ical/patch-times.ts): whole days stay
// VALUE=DATE, a TZID keeps its zone, and a series moves as a whole with its exceptions.
import ICAL from 'ical.js';
import { patchTimes } from '../../../formats/ical/patch-times.js';
import { readRemote, type SyncedFields } from './fields.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;

const PRODID = '-//CRM Standards Gateway//CalDAV bridge//EN';

function utcTime(ms: number): IcalTime {
  return ICAL.Time.fromDateTimeString(new Date(ms).toISOString().slice(0, 19) + 'Z');
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
  patchTimes(remote.parsed, remote.fields, fields);
  stamp(master, nowMs);
  return remote.parsed.calendar.toString();
}

/** A new object for a CRM activity that has none yet. */
export function freshIcs(
  uid: string,
  fields: SyncedFields,
  nowMs: number,
  component: 'VEVENT' | 'VTODO' = 'VEVENT',
): string {
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

// CRM record → iCalendar (RFC 5545 §3.6.1, §3.6.2) for records created or edited through another
// path (REST, console, bridges). A stored client object is patched, not rebuilt, so its alarms,
// overrides and X- properties survive a CRM edit of the subject or the times.
import ICAL from 'ical.js';
import { applyReminder } from './alarm.js';
import type { CrmRecord } from '../../store/types.js';
import type { CalendarObject } from '../../store/caldav/calendar-objects.js';
import { icalUtc } from './instants.js';
import { parseObject, type ParsedObject } from './parse-ics.js';
import { crmSpan, patchTimes, storedSpan, utcMs } from './patch-times.js';
import { priorityName } from './to-crm.js';

type IcalComponent = InstanceType<typeof ICAL.Component>;

const EVENT_STATUS: Record<string, string> = {
  Planned: 'CONFIRMED',
  Held: 'CONFIRMED',
  'Not Held': 'CANCELLED',
};
const TASK_STATUS: Record<string, string> = {
  'Not Started': 'NEEDS-ACTION',
  'In Progress': 'IN-PROCESS',
  Completed: 'COMPLETED',
  Deferred: 'CANCELLED',
};
const PRIORITY: Record<string, number> = { High: 1, Medium: 5, Low: 9 };

function setText(comp: IcalComponent, prop: string, value: string | null | undefined): void {
  if (value === null || value === undefined || value === '') comp.removeAllProperties(prop);
  else comp.updatePropertyWithValue(prop, value);
}

function setUtc(comp: IcalComponent, prop: string, ms: number | null): void {
  comp.removeAllProperties(prop);
  if (ms !== null)
    comp.addPropertyWithValue(
      prop,
      ICAL.Time.fromDateTimeString(new Date(ms).toISOString().slice(0, 19) + 'Z'),
    );
}

/** Writes the CRM's fields over the master component (only the ones the CRM changed). */
function applyFields(comp: IcalComponent, record: CrmRecord, isEvent: boolean): void {
  const v = record.values;
  setText(comp, 'summary', v['subject']);
  setText(comp, 'location', v['location']);
  setText(comp, 'description', v['description']);
  const status = isEvent
    ? EVENT_STATUS[v['eventstatus'] ?? '']
    : TASK_STATUS[v['taskstatus'] ?? ''];
  if (status) comp.updatePropertyWithValue('status', status);
  const prio = PRIORITY[v['taskpriority'] ?? ''];
  if (
    prio !== undefined &&
    priorityName(comp.getFirstPropertyValue('priority')) !== v['taskpriority']
  )
    comp.updatePropertyWithValue('priority', prio);
  applyReminder(comp, v['reminder_time']);
}

/** A new object's times, in UTC: the CRM has no all-day or time-zone notion of its own. */
function freshTimes(comp: IcalComponent, record: CrmRecord, isEvent: boolean): void {
  const { startMs: start, endMs: end } = crmSpan(record.values);
  if (isEvent) {
    setUtc(comp, 'dtstart', start);
    comp.removeAllProperties('duration');
    setUtc(comp, 'dtend', end);
  } else {
    setUtc(comp, 'dtstart', start);
    setUtc(comp, 'due', end);
  }
}

function fresh(record: CrmRecord, isEvent: boolean): IcalComponent {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('prodid', '-//CRM Standards Gateway//CalDAV//EN');
  const comp = new ICAL.Component(isEvent ? 'vevent' : 'vtodo');
  comp.addPropertyWithValue('uid', `crm-${record.id}@gateway`);
  // DTSTAMP from the record, so the same record renders the same bytes (and ETag) every time.
  comp.addPropertyWithValue(
    'dtstamp',
    ICAL.Time.fromDateTimeString(
      icalIso(utcMs(record.modifiedTime.slice(0, 10), record.modifiedTime.slice(11, 19)) ?? 0),
    ),
  );
  applyFields(comp, record, isEvent);
  freshTimes(comp, record, isEvent);
  cal.addSubcomponent(comp);
  return cal;
}

function icalIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function parsedStored(stored: CalendarObject, isEvent: boolean): ParsedObject | null {
  try {
    return parseObject(stored.ics, isEvent ? 'VEVENT' : 'VTODO');
  } catch {
    return null;
  }
}

/**
 * The iCalendar text served for a record: the client's object, re-rendered only after a CRM edit.
 * Times are patched through patch-times.ts (the CalDAV bridge's path too), so an all-day event
 * stays all-day, a TZID keeps its zone and a moved series moves with its exceptions.
 */
export function renderRecord(record: CrmRecord, stored: CalendarObject | null): string {
  const isEvent = record.module === 'Events';
  if (!stored) return fresh(record, isEvent).toString();
  if (stored.recordModified === record.modifiedTime) return stored.ics;
  const parsed = parsedStored(stored, isEvent);
  if (!parsed) return stored.ics;
  const current = storedSpan(stored.ics, parsed);
  applyFields(parsed.master, record, isEvent);
  patchTimes(parsed, current, crmSpan(record.values));
  return parsed.calendar.toString();
}

export { icalUtc };

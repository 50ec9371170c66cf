// iCalendar → CRM field values (RFC 5545 §3.8): the master component's summary, times (UTC, as the
// CRM keeps them), status, priority, location, description and the reminder. Everything else
// stays only in the stored object, which is served back verbatim (gateway/caldav/README.md §1.4).
import ICAL from 'ical.js';
import { reminderMinutes } from './alarm.js';
import type { FieldValues } from '../../store/types.js';
import { instantMs } from './instants.js';
import type { Instance } from './instances.js';
import type { ParsedObject } from './parse-ics.js';

const EVENT_STATUS: Record<string, string> = {
  CONFIRMED: 'Planned',
  TENTATIVE: 'Planned',
  CANCELLED: 'Not Held',
};
const TASK_STATUS: Record<string, string> = {
  'NEEDS-ACTION': 'Not Started',
  'IN-PROCESS': 'In Progress',
  COMPLETED: 'Completed',
  CANCELLED: 'Deferred',
};
const FREQ: Record<string, string> = {
  DAILY: 'Daily',
  WEEKLY: 'Weekly',
  MONTHLY: 'Monthly',
  YEARLY: 'Yearly',
};

function text(obj: ParsedObject, prop: string): string | null {
  const v = obj.master.getFirstPropertyValue(prop);
  return typeof v === 'string' ? v : null;
}

export function splitUtc(ms: number): { date: string; time: string } {
  const iso = new Date(ms).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

/** RFC 5545 §3.8.1.9: 1–4 high, 5 medium, 6–9 low, 0 undefined. */
export function priorityName(value: unknown): string | null {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 9) return null;
  return n <= 4 ? 'High' : n === 5 ? 'Medium' : 'Low';
}

function common(obj: ParsedObject): Record<string, string | null> {
  return {
    subject: (text(obj, 'summary') ?? '').slice(0, 250) || '(no title)',
    location: text(obj, 'location'),
    description: text(obj, 'description'),
    taskpriority: priorityName(obj.master.getFirstPropertyValue('priority')),
    // vtiger's minutes before the start, from the VALARM before DTSTART (formats/ical/alarm.ts).
    reminder_time: reminderMinutes(obj.master),
  };
}

export function eventValues(obj: ParsedObject, first: Instance | undefined): FieldValues {
  const start = first?.startMs ?? Date.now();
  const s = splitUtc(start);
  const e = splitUtc(first?.endMs ?? start);
  const rule = obj.master.getFirstPropertyValue('rrule');
  return {
    ...common(obj),
    date_start: s.date,
    time_start: s.time,
    due_date: e.date,
    time_end: e.time,
    eventstatus:
      EVENT_STATUS[String(text(obj, 'status') ?? 'CONFIRMED').toUpperCase()] ?? 'Planned',
    recurringtype: rule instanceof ICAL.Recur ? (FREQ[rule.freq] ?? '--None--') : '--None--',
  };
}

function dateOf(obj: ParsedObject, prop: string): { date: string; time: string } | null {
  const t = obj.master.getFirstPropertyValue(prop);
  if (!(t instanceof ICAL.Time)) return null;
  const tzid = obj.master.getFirstProperty(prop)?.getParameter('tzid');
  return splitUtc(instantMs(t, typeof tzid === 'string' ? tzid : null));
}

export function taskValues(obj: ParsedObject): FieldValues {
  const start = dateOf(obj, 'dtstart');
  const due = dateOf(obj, 'due');
  const fallback = splitUtc(Date.now());
  return {
    ...common(obj),
    date_start: (start ?? due ?? fallback).date,
    time_start: start?.time ?? null,
    due_date: due?.date ?? null,
    time_end: due?.time ?? null,
    taskstatus:
      TASK_STATUS[String(text(obj, 'status') ?? 'NEEDS-ACTION').toUpperCase()] ?? 'Not Started',
  };
}

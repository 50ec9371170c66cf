// vtiger's reminder_time (minutes before the start) ⇄ a VALARM (RFC 5545 §3.6.6) whose TRIGGER is
// a duration before the start (§3.8.6.3: RELATED=START is the default). Only that one alarm is
// read and written; a client's other alarms (after the start, at an absolute time, relative to
// the end) are left as they are.
import ICAL from 'ical.js';
import { MAX_REMINDER_MINUTES } from '../../store/push/reminders.js';
import type { IcalComponent } from './parse-ics.js';

function startAlarm(comp: IcalComponent): { alarm: IcalComponent; minutes: number } | null {
  for (const alarm of comp.getAllSubcomponents('valarm')) {
    const prop = alarm.getFirstProperty('trigger');
    const value = prop?.getFirstValue();
    if (!(value instanceof ICAL.Duration)) continue;
    const related = prop?.getParameter('related');
    if (typeof related === 'string' && related.toUpperCase() === 'END') continue;
    const seconds = value.toSeconds();
    if (seconds > 0) continue;
    return { alarm, minutes: Math.min(Math.round(-seconds / 60), MAX_REMINDER_MINUTES) };
  }
  return null;
}

/** The reminder as the CRM keeps it: "0" when there is no alarm before the start. */
export function reminderMinutes(comp: IcalComponent): string {
  return String(startAlarm(comp)?.minutes ?? 0);
}

/** Writes the CRM's reminder over the component's start alarm, adding or removing it. */
export function applyReminder(comp: IcalComponent, value: string | null | undefined): void {
  const minutes = Math.max(0, Math.min(Number(value ?? 0) || 0, MAX_REMINDER_MINUTES));
  const current = startAlarm(comp);
  if ((current?.minutes ?? 0) === minutes) return;
  if (current) comp.removeSubcomponent(current.alarm);
  if (minutes === 0) return;
  const alarm = new ICAL.Component('valarm');
  alarm.addPropertyWithValue('action', 'DISPLAY');
  alarm.addPropertyWithValue('description', 'Reminder');
  const trigger = ICAL.Duration.fromSeconds(-minutes * 60);
  alarm.addPropertyWithValue('trigger', trigger);
  comp.addSubcomponent(alarm);
}

// vtiger's reminder_time (minutes before the start) ⇄ a VALARM (RFC 5545 §3.6.6) whose TRIGGER is
// a duration before the start (§3.8.6.3: RELATED=START is the default). Only that one alarm is
// read and written; a client's other alarms (after the start, at an absolute time, relative to
// the end) are left as they are, and the CRM never removes an alarm (applyReminder).
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

/**
 * Writes a CRM reminder over the component's start alarm, or adds one. A reminder of 0 (or none)
 * leaves the object's alarms alone: objects stored before reminder_time was read from VALARM
 * carry 0 in the CRM while their alarms are real, and a CRM edit must not strip them.
 */
export function applyReminder(comp: IcalComponent, value: string | null | undefined): void {
  const minutes = Math.max(0, Math.min(Number(value ?? 0) || 0, MAX_REMINDER_MINUTES));
  if (minutes === 0) return;
  const current = startAlarm(comp);
  if (current?.minutes === minutes) return;
  if (current) comp.removeSubcomponent(current.alarm);
  const alarm = new ICAL.Component('valarm');
  alarm.addPropertyWithValue('action', 'DISPLAY');
  alarm.addPropertyWithValue('description', 'Reminder');
  const trigger = ICAL.Duration.fromSeconds(-minutes * 60);
  alarm.addPropertyWithValue('trigger', trigger);
  comp.addSubcomponent(alarm);
}

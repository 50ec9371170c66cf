// <C:expand start end/> (RFC 4791 §9.6.5): every instance in the window becomes its own component
// with RECURRENCE-ID, without RRULE/RDATE/EXDATE, times in UTC (all-day kept as DATE), one
// VCALENDAR per resource — the traps Radicale's changelog lists (gateway/caldav/README.md §1.3).
import ICAL from 'ical.js';
import { instancesIn, isRecurring, type Instance } from './instances.js';
import type { ParsedObject } from './parse-ics.js';

function timeValue(ms: number, allDay: boolean): InstanceType<typeof ICAL.Time> {
  const iso = new Date(ms).toISOString();
  return allDay
    ? ICAL.Time.fromDateString(iso.slice(0, 10))
    : ICAL.Time.fromDateTimeString(iso.slice(0, 19) + 'Z');
}

function instanceComponent(
  inst: Instance,
  recurring: boolean,
): InstanceType<typeof ICAL.Component> {
  const comp = new ICAL.Component(
    ICAL.helpers.clone(inst.component.toJSON(), true) as unknown as string,
  );
  for (const p of ['rrule', 'rdate', 'exdate', 'exrule', 'recurrence-id'])
    comp.removeAllProperties(p);
  if (inst.todo) {
    // A VTODO keeps DTSTART/DUE (or DURATION) as it had them, moved to the instance, in UTC.
    for (const [prop, ms] of [
      ['dtstart', inst.todo.startMs],
      ['due', inst.todo.dueMs],
    ] as const) {
      comp.removeAllProperties(prop);
      if (ms !== null) comp.addPropertyWithValue(prop, timeValue(ms, inst.allDay));
    }
  } else {
    for (const p of ['dtstart', 'dtend', 'duration']) comp.removeAllProperties(p);
    comp.addPropertyWithValue('dtstart', timeValue(inst.startMs, inst.allDay));
    if (inst.endMs > inst.startMs)
      comp.addPropertyWithValue('dtend', timeValue(inst.endMs, inst.allDay));
  }
  if (recurring && inst.recurrenceId && inst.recurrenceIdMs !== null) {
    comp.addPropertyWithValue(
      'recurrence-id',
      timeValue(inst.recurrenceIdMs, inst.recurrenceId.isDate),
    );
  }
  return comp;
}

/** The object as one VCALENDAR holding the given instances (from instancesIn) as components. */
export function renderInstances(obj: ParsedObject, instances: readonly Instance[]): string {
  const cal = new ICAL.Component('vcalendar');
  for (const p of obj.calendar.getAllProperties())
    cal.addProperty(ICAL.Property.fromString(p.toICALString()));
  const recurring = isRecurring(obj);
  for (const inst of instances) cal.addSubcomponent(instanceComponent(inst, recurring));
  return cal.toString();
}

/** The object expanded to the instances in [fromMs, toMs), at most `cap`, and how many there were. */
export function expandObject(
  obj: ParsedObject,
  fromMs: number | null,
  toMs: number | null,
  cap: number,
): { ics: string; count: number } {
  const instances = instancesIn(obj, fromMs, toMs, cap);
  return { ics: renderInstances(obj, instances), count: instances.length };
}

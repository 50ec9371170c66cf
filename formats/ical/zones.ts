// The time zone a TZID names inside one iCalendar object (RFC 5545 §3.2.19, §3.6.5): the object's
// own VTIMEZONE, built by ical.js per parsed VCALENDAR and dropped with it — never a process-wide
// registry, which would let the first client to define a TZID decide it for every user
// (test/gateway/caldav/time-zones.test.ts). A TZID without a VTIMEZONE is read with ICU instead
// (instants.ts, windows-zones.ts).
import ICAL from 'ical.js';
import type { IcalComponent } from './parse-ics.js';

type Timezone = InstanceType<typeof ICAL.Timezone>;

/** The VTIMEZONE of `component`'s VCALENDAR that defines `tzid`, or null. */
export function ownZone(component: IcalComponent, tzid: string): Timezone | null {
  // Walks to the root VCALENDAR, which caches the zones it built (ical.js Component).
  return (component.getTimeZoneByID(tzid) as Timezone | null) ?? null;
}

/** The names ical.js itself reads as UTC without a VTIMEZONE (its built-in zones: UTC, Z, GMT). */
const UTC_NAMES = new Set(['UTC', 'Z', 'GMT']);

/** ownZone, else UTC for the names that mean it, so such a time is written as plain UTC (`…Z`). */
export function zoneOf(component: IcalComponent, tzid: string): Timezone | null {
  return ownZone(component, tzid) ?? (UTC_NAMES.has(tzid) ? ICAL.Timezone.utcTimezone : null);
}

// What a VTIMEZONE may cost (RFC 5545 §3.6.5). ical.js turns each STANDARD/DAYLIGHT observance
// into a list of offset changes from its DTSTART up to a few years past the times it converts
// (ical.js Timezone#_ensureCoverage), and it does so for every parsed object now that zones are the
// object's own (zones.ts). An observance with `RRULE:FREQ=HOURLY` from 1970 makes half a million
// changes and blocks the process for seconds on the first conversion
// (test/formats/ical/zone-limits.test.ts). Real zones change offset a few times a year: their
// rules are FREQ=YEARLY with one month and one weekday or a week of month days (Outlook's
// `BYMONTHDAY=8,…,14;BYDAY=SU`), at most a few thousand changes even from 1601 (Outlook's DTSTART).
import ICAL from 'ical.js';
import { preconditionError, type IcalComponent } from './parse-ics.js';

/** Offset changes all VTIMEZONEs of one object may expand to (Outlook's zones need under 4,400). */
export const MAX_ZONE_CHANGES = 10_000;
/** ical.js covers this many years past the current one (Timezone.EXTRA_COVERAGE), plus one. */
const COVERED_YEARS = 6;

type Recur = InstanceType<typeof ICAL.Recur>;

const size = (values: readonly unknown[] | undefined): number =>
  Array.isArray(values) ? new Set(values).size : 0;

/** An upper bound of a yearly rule's occurrences in one year. */
function perYear(rule: Recur): number {
  const p = rule.parts;
  const byDay = (p.BYDAY ?? []).reduce((n, d) => n + (/^[+-]?\d/.test(String(d)) ? 1 : 5), 0);
  const monthDays = size(p.BYMONTHDAY);
  const days = monthDays > 0 && byDay > 0 ? Math.min(monthDays, byDay) : monthDays || byDay || 1;
  const months = size(p.BYMONTH) || 1;
  const extra = size(p.BYYEARDAY) + size(p.BYWEEKNO) * 7;
  const times = (size(p.BYHOUR) || 1) * (size(p.BYMINUTE) || 1) * (size(p.BYSECOND) || 1);
  return (months * days + extra) * times;
}

function refuse(message: string): never {
  throw preconditionError('forbidden', 'valid-calendar-data', message);
}

/** The changes one observance expands to, at most; refuses rules no time zone uses. */
function observanceChanges(observance: IcalComponent, lastYear: number): number {
  const start = observance.getFirstPropertyValue('dtstart');
  const rdates = observance.getAllProperties('rdate').length;
  const rule = observance.getFirstPropertyValue('rrule');
  if (!(rule instanceof ICAL.Recur) || !(start instanceof ICAL.Time)) return 1 + rdates;
  if (rule.freq !== 'YEARLY')
    refuse(`A VTIMEZONE observance recurs ${rule.freq}; time zones change offset yearly`);
  const interval = rule.interval || 1;
  const untilYear = rule.until instanceof ICAL.Time ? rule.until.year : lastYear;
  const years = Math.max(
    0,
    Math.floor((Math.min(untilYear, lastYear) - start.year) / interval) + 1,
  );
  const count = rule.count ? Math.min(rule.count, years * perYear(rule)) : years * perYear(rule);
  return count + rdates;
}

/** Refuses (CALDAV:valid-calendar-data) VTIMEZONEs whose offset changes would be too many. */
export function checkZoneCost(calendar: IcalComponent, nowYear: number): void {
  const lastYear = nowYear + COVERED_YEARS;
  let changes = 0;
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) {
    for (const observance of vtz.getAllSubcomponents()) {
      changes += observanceChanges(observance, lastYear);
      if (changes > MAX_ZONE_CHANGES)
        refuse(`The VTIMEZONEs define more than ${MAX_ZONE_CHANGES} offset changes`);
    }
  }
}

// What the server accepts as a recurrence (RFC 5545 §3.3.10 allows FREQ=SECONDLY and MINUTELY):
// sub-hourly rules are refused on PUT (CALDAV:valid-calendar-data, RFC 4791 §5.3.2.1), since no
// calendar app writes them and an endless one yields thousands of instances per hour of every query.
// Other rules are stored; their expansion is capped in steps (instances.ts) and per request
// (expansion-budget.ts, gateway/caldav/README.md §3).
import ICAL from 'ical.js';
import { preconditionError, type ParsedObject } from './parse-ics.js';

const REFUSED = new Set(['SECONDLY', 'MINUTELY']);

type Recur = InstanceType<typeof ICAL.Recur>;

function distinct(rule: Recur, part: 'BYMINUTE' | 'BYSECOND'): number {
  const values = rule.parts[part];
  return Array.isArray(values) ? new Set(values).size : 0;
}

/**
 * Why a rule fires more than once an hour, or null. RFC 5545 §3.3.10 (the BYxxx table): a BY-list
 * of a unit smaller than FREQ *expands* the set, so in a DAILY (or HOURLY, WEEKLY …) rule every
 * BYMINUTE value is an occurrence in each selected hour and every BYSECOND value one in each
 * selected minute. More than one BYMINUTE × BYSECOND combination therefore puts two occurrences
 * less than an hour apart — a MINUTELY or SECONDLY rule in disguise (`FREQ=DAILY;BYHOUR=0,…,23;
 * BYMINUTE=0,…,59;BYSECOND=0,…,59` fires every second). With at most one combination, a day holds
 * at most one occurrence per BYHOUR value, i.e. at most 24. BYSETPOS could thin the set out again,
 * but only after ical.js has walked every candidate, so such rules are refused all the same.
 */
function subHourly(rule: Recur): string | null {
  if (REFUSED.has(rule.freq)) return `FREQ=${rule.freq}`;
  const perHour = Math.max(1, distinct(rule, 'BYMINUTE')) * Math.max(1, distinct(rule, 'BYSECOND'));
  return perHour > 1 ? `${perHour} BYMINUTE × BYSECOND times in each hour` : null;
}

export function checkRecurrence(obj: ParsedObject): void {
  for (const comp of [obj.master, ...obj.overrides]) {
    for (const prop of [...comp.getAllProperties('rrule'), ...comp.getAllProperties('exrule')]) {
      const rule = prop.getFirstValue();
      const why = rule instanceof ICAL.Recur ? subHourly(rule) : null;
      if (why !== null) {
        throw preconditionError(
          'forbidden',
          'valid-calendar-data',
          `Recurrences more often than hourly are not supported (${why}); the shortest is HOURLY`,
        );
      }
    }
  }
}

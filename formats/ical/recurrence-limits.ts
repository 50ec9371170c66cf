// What the server accepts as a recurrence (RFC 5545 §3.3.10 allows FREQ=SECONDLY and MINUTELY):
// sub-hourly rules are refused on PUT (CALDAV:valid-calendar-data, RFC 4791 §5.3.2.1), since no
// calendar app writes them and an endless one yields thousands of instances per hour of every query.
// Other rules are stored; their expansion is capped in steps (instances.ts).
import ICAL from 'ical.js';
import { preconditionError, type ParsedObject } from './parse-ics.js';

const REFUSED = new Set(['SECONDLY', 'MINUTELY']);

export function checkRecurrence(obj: ParsedObject): void {
  for (const comp of [obj.master, ...obj.overrides]) {
    for (const prop of comp.getAllProperties('rrule')) {
      const rule = prop.getFirstValue();
      if (rule instanceof ICAL.Recur && REFUSED.has(rule.freq)) {
        throw preconditionError(
          'forbidden',
          'valid-calendar-data',
          `FREQ=${rule.freq} recurrences are not supported; the shortest is HOURLY`,
        );
      }
    }
  }
}

// From iCalendar times to UTC instants (RFC 5545 §3.3.5). ical.js knows only zones given as
// VTIMEZONE in the object itself (zones.ts); clients also send a bare IANA TZID without one
// (gateway/caldav/README.md §1.4, python-caldav does), which we resolve with the runtime's ICU.
// Floating and all-day values are taken as UTC wall time.
import ICAL from 'ical.js';
import { ianaName } from './windows-zones.js';

type IcalTime = InstanceType<typeof ICAL.Time>;

// The caches below are keyed by client-chosen TZIDs (every spelling ICU accepts, every Mozilla-style
// prefix), so each holds a bounded number of entries, the oldest forgotten first: a stream of
// made-up TZIDs cannot grow the process (gateway/caldav/README.md §3 time zones).
const CACHE_SIZE = 1_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}

const knownZones = new Map<string, boolean>();

/** Whether ICU knows the zone (IANA, or a Windows / prefixed alias of one). */
export function ianaZoneKnown(tzid: string): boolean {
  let known = knownZones.get(tzid);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: ianaName(tzid) });
      known = true;
    } catch {
      known = false;
    }
    remember(knownZones, tzid, known);
  }
  return known;
}

// Building an Intl.DateTimeFormat costs far more than using one, and a series is expanded
// instance by instance: one formatter per zone, kept for the life of the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(tzid: string): Intl.DateTimeFormat {
  let f = formatters.get(tzid);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: ianaName(tzid),
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    remember(formatters, tzid, f);
  }
  return f;
}

/** Offset of the zone from UTC in ms at the given UTC instant. */
function zoneOffsetMs(tzid: string, utcMs: number): number {
  const parts = formatterOf(tzid).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - utcMs;
}

/** The wall-clock time in the zone at a UTC instant, as milliseconds of the same fields read as UTC. */
export function wallClockMs(tzid: string, utcMs: number): number {
  return utcMs + zoneOffsetMs(tzid, utcMs);
}

function wallMs(t: IcalTime): number {
  return Date.UTC(
    t.year,
    t.month - 1,
    t.day,
    t.isDate ? 0 : t.hour,
    t.isDate ? 0 : t.minute,
    t.isDate ? 0 : t.second,
  );
}

/** UTC milliseconds of a time; `tzid` is the TZID parameter when ical.js had no VTIMEZONE for it. */
export function instantMs(t: IcalTime, tzid: string | null): number {
  const zone = t.zone?.tzid ?? 'floating';
  if (t.isDate) return wallMs(t);
  if (zone !== 'floating') return t.toUnixTime() * 1000;
  if (tzid && ianaZoneKnown(tzid)) {
    // Two passes settle the offset across a DST change (RFC 5545 §3.3.5: gaps shift forward).
    const wall = wallMs(t);
    const first = wall - zoneOffsetMs(tzid, wall);
    return wall - zoneOffsetMs(tzid, first);
  }
  return wallMs(t);
}

/** `YYYYMMDDTHHMMSSZ` (RFC 5545 §3.3.5 UTC form). */
export function icalUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Parses `YYYYMMDDTHHMMSSZ` or `YYYYMMDD`; null when malformed. */
export function parseIcalUtc(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value.trim());
  if (!m) return null;
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  return Number.isNaN(ms) ? null : ms;
}

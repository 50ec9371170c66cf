// Graph's dateTimeTimeZone (`{"dateTime":"2026-03-29T09:00:00.0000000","timeZone":"W. Europe
// Standard Time"}`, Graph docs "dateTimeTimeZone resource type"): a local wall time and a zone,
// Windows or IANA named. Converted here to and from UTC instants with the runtime's ICU zones;
// Windows names go through CLDR's windowsZones table (formats/ical/windows-zones.ts). An unknown
// zone is an error the caller turns into "item skipped and logged".
import { ianaName } from '../ical/windows-zones.js';

export interface DateTimeTimeZone {
  readonly dateTime: string;
  readonly timeZone: string;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** The IANA zone a Graph zone name means; throws on an unknown one. */
export function zoneOf(name: string): string {
  const iana = ianaName(name);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: iana });
  } catch {
    throw new Error(`unknown time zone "${name}"`);
  }
  return iana;
}

/** The offset (ms) of `zone` from UTC at the instant `utcMs`. */
function offsetAt(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const n = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of a Graph local time (the earlier one in a DST fold, as Exchange resolves it). */
export function toUtcMs(value: DateTimeTimeZone): number {
  const m = LOCAL.exec(value.dateTime.replace(/Z$/, ''));
  if (!m) throw new Error(`"${value.dateTime}" is not a Graph dateTime`);
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  );
  const zone = zoneOf(value.timeZone);
  if (zone === 'UTC' || zone === 'Etc/UTC') return wall;
  // Two rounds settle the offset except inside a DST gap, where the later offset applies.
  let guess = wall - offsetAt(zone, wall);
  guess = wall - offsetAt(zone, guess);
  return guess;
}

/** A UTC instant as Graph writes it in UTC. */
export function fromUtcMs(ms: number): DateTimeTimeZone {
  return { dateTime: new Date(ms).toISOString().slice(0, 19) + '.0000000', timeZone: 'UTC' };
}

/** The instant rendered as local wall time in `zone` (Graph's `Prefer: outlook.timezone`). */
export function inZone(ms: number, timeZone: string): DateTimeTimeZone {
  const zone = zoneOf(timeZone);
  const local = new Date(ms + offsetAt(zone, ms)).toISOString().slice(0, 19);
  return { dateTime: local + '.0000000', timeZone };
}

/** The calendar date (YYYY-MM-DD; the en-CA format) of instant `ms` in IANA zone `zone`. */
export const localDate = (ms: number, zone: string): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));

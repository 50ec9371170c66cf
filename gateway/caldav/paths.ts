// The URL space (RFC 4791 §4.2, RFC 6764 §5): /dav/principals/<user>/ with a calendar-home-set
// /dav/calendars/<user>/ holding the user's events and tasks calendars and, read-only, one events
// and one tasks calendar per group the user belongs to (group-<id>-events). Resource names are
// client-chosen and percent-encoded consistently (gateway/caldav/README.md §1.4).
import { DAV_ROOT, decodeSegment as decode } from '../dav/paths.js';

export { DAV_ROOT };
export type CalendarName = 'events' | 'tasks';

/** Which calendar of a home: the component it holds and the group (null = the user's own). */
export interface CalendarSlug {
  readonly component: CalendarName;
  readonly group: number | null;
}

export type DavPath =
  | { readonly kind: 'root' }
  | { readonly kind: 'principals' }
  | { readonly kind: 'principal'; readonly user: string }
  | { readonly kind: 'home'; readonly user: string }
  | { readonly kind: 'calendar'; readonly user: string; readonly calendar: CalendarSlug }
  | {
      readonly kind: 'object';
      readonly user: string;
      readonly calendar: CalendarSlug;
      readonly name: string;
    };

export const CALENDAR_MODULE: Record<CalendarName, 'Events' | 'Calendar'> = {
  events: 'Events',
  tasks: 'Calendar',
};

export function parseSlug(segment: string): CalendarSlug | null {
  if (segment === 'events' || segment === 'tasks') return { component: segment, group: null };
  const m = /^group-(\d{1,9})-(events|tasks)$/.exec(segment);
  return m ? { component: m[2] as CalendarName, group: Number(m[1]) } : null;
}

export function slugName(slug: CalendarSlug): string {
  return slug.group === null ? slug.component : `group-${slug.group}-${slug.component}`;
}

export function parsePath(path: string): DavPath | null {
  if (path === '/' || path === '/dav' || path === DAV_ROOT) return { kind: 'root' };
  if (path === '/principals/' || path === '/principals' || path === '/dav/principals/')
    return { kind: 'principals' };
  const parts = path.replace(/^\/dav\//, '').split('/');
  if (!path.startsWith(DAV_ROOT)) return null;
  const [area, rawUser, rawCal, rawName, ...rest] = parts;
  const user = rawUser ? decode(rawUser) : null;
  if (!user || rest.some((p) => p !== '')) return null;
  if (area === 'principals' && !rawCal) return { kind: 'principal', user };
  if (area !== 'calendars') return null;
  if (!rawCal) return { kind: 'home', user };
  const calendar = parseSlug(rawCal);
  if (!calendar) return null;
  if (!rawName) return { kind: 'calendar', user, calendar };
  const name = decode(rawName);
  return name && !name.includes('/') ? { kind: 'object', user, calendar, name } : null;
}

const enc = encodeURIComponent;
export const homeHref = (user: string): string => `${DAV_ROOT}calendars/${enc(user)}/`;
export const calendarHref = (user: string, cal: CalendarSlug): string =>
  `${homeHref(user)}${slugName(cal)}/`;
export const objectHref = (user: string, cal: CalendarSlug, name: string): string =>
  `${calendarHref(user, cal)}${enc(name)}`;

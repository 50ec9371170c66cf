// The URL space (RFC 4791 §4.2, RFC 6764 §5): /dav/principals/<user>/ with a calendar-home-set
// /dav/calendars/<user>/ holding an events and a tasks calendar. Resource names are client-chosen
// and percent-encoded consistently (caldav.md §1.4).
export const DAV_ROOT = '/dav/';
export type CalendarName = 'events' | 'tasks';

export type DavPath =
  | { readonly kind: 'root' }
  | { readonly kind: 'principals' }
  | { readonly kind: 'principal'; readonly user: string }
  | { readonly kind: 'home'; readonly user: string }
  | { readonly kind: 'calendar'; readonly user: string; readonly calendar: CalendarName }
  | { readonly kind: 'object'; readonly user: string; readonly calendar: CalendarName; readonly name: string };

export const CALENDAR_MODULE: Record<CalendarName, 'Events' | 'Calendar'> = { events: 'Events', tasks: 'Calendar' };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function parsePath(path: string): DavPath | null {
  if (path === '/' || path === '/dav' || path === DAV_ROOT) return { kind: 'root' };
  if (path === '/principals/' || path === '/principals' || path === '/dav/principals/') return { kind: 'principals' };
  const parts = path.replace(/^\/dav\//, '').split('/');
  if (!path.startsWith(DAV_ROOT)) return null;
  const [area, rawUser, rawCal, rawName, ...rest] = parts;
  const user = rawUser ? decode(rawUser) : null;
  if (!user || rest.some((p) => p !== '')) return null;
  if (area === 'principals' && !rawCal) return { kind: 'principal', user };
  if (area !== 'calendars') return null;
  if (!rawCal) return { kind: 'home', user };
  if (rawCal !== 'events' && rawCal !== 'tasks') return null;
  if (!rawName) return { kind: 'calendar', user, calendar: rawCal };
  const name = decode(rawName);
  return name && !name.includes('/') ? { kind: 'object', user, calendar: rawCal, name } : null;
}

const enc = encodeURIComponent;
export const principalHref = (user: string): string => `${DAV_ROOT}principals/${enc(user)}/`;
export const homeHref = (user: string): string => `${DAV_ROOT}calendars/${enc(user)}/`;
export const calendarHref = (user: string, cal: CalendarName): string => `${homeHref(user)}${cal}/`;
export const objectHref = (user: string, cal: CalendarName, name: string): string => `${calendarHref(user, cal)}${enc(name)}`;

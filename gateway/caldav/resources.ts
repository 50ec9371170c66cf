// From a request path to the calendar resource it names (RFC 4791 §4.2) and its members, with the
// rule that a user reaches only their own home and calendars (group calendars only of groups they
// belong to).
import { GatewayError } from '../../store/errors.js';
import {
  calendarFor,
  defaultName,
  homeCalendars,
  loadByName,
  loadMany,
  namesOf,
  type DavCalendar,
  type LoadedObject,
} from './calendar-store.js';
import { CalendarCollection } from './collection.js';
import type { CaldavDeps, DavPrincipal } from './deps.js';
import type { DavResource } from '../dav/resource.js';
import { homeHref, objectHref, parsePath, slugName, type DavPath } from './paths.js';
import { homeProps, objectProps, objectType } from './props.js';

export function parseOrNotFound(path: string): DavPath {
  const parsed = parsePath(path);
  if (!parsed) throw new GatewayError('not_found', `No resource at ${path}`);
  return parsed;
}

export function ownPath(p: DavPrincipal, path: DavPath): void {
  if ('user' in path && path.user.toLowerCase() !== p.user.userName.toLowerCase()) {
    throw new GatewayError('forbidden', 'Only your own calendars are served', {
      dav: { precondition: { ns: 'DAV:', name: 'need-privileges' } },
    });
  }
}

/** RFC 3744 §7.1.1: a write to a read-only (group) calendar. */
export function needWrite(cal: DavCalendar): void {
  if (!cal.writable) {
    throw new GatewayError(
      'forbidden',
      `The calendar ${cal.groupName ?? slugName(cal.slug)} of a group is read-only`,
      { dav: { precondition: { ns: 'DAV:', name: 'need-privileges' } } },
    );
  }
}

/** A calendar object resource (RFC 4791 §4.1): its stored or rendered ics and ETag. */
export interface CalendarObjectResource extends DavResource {
  readonly calendar: DavCalendar;
  readonly object: LoadedObject;
}

export function objectResource(cal: DavCalendar, object: LoadedObject): CalendarObjectResource {
  return {
    href: objectHref(cal.userName, cal.slug, object.name),
    calendar: cal,
    object,
    content: { type: objectType(cal), etag: object.etag, body: object.ics },
    props: (t) => objectProps(t, cal, object),
  };
}

/** Every object of the calendar, with its ics and ETag. */
export async function calendarObjects(deps: CaldavDeps, cal: DavCalendar): Promise<LoadedObject[]> {
  const members = await deps.objects.membersOf(cal.module, cal.owner);
  const names = await namesOf(deps, cal);
  return loadMany(
    deps,
    cal,
    members.map((m) => ({
      id: m.recordId,
      name: names.get(m.recordId) ?? defaultName(m.recordId),
    })),
  );
}

function home(deps: CaldavDeps, p: DavPrincipal): DavResource {
  return {
    href: homeHref(p.user.userName),
    props: (t) => homeProps(t, p.user),
    children: async () =>
      Promise.all((await homeCalendars(deps, p)).map((cal) => CalendarCollection.open(deps, cal))),
  };
}

/** The resource at a /dav/calendars/ path of the principal's own, or null. */
export async function resolveCalendarPath(
  deps: CaldavDeps,
  p: DavPrincipal,
  path: string,
): Promise<DavResource | null> {
  const parsed = parsePath(path);
  if (!parsed) return null;
  ownPath(p, parsed);
  switch (parsed.kind) {
    case 'home':
      return home(deps, p);
    case 'calendar':
      return CalendarCollection.open(deps, await calendarFor(deps, p, parsed.calendar));
    case 'object': {
      const cal = await calendarFor(deps, p, parsed.calendar);
      const object = await loadByName(deps, cal, parsed.name);
      return object ? objectResource(cal, object) : null;
    }
    default:
      return null;
  }
}

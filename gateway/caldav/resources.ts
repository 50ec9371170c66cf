// From a request path to the resource it names and its children (RFC 4918 §9.1 Depth), with the
// rule that a user reaches only their own principal, home and calendars (group calendars only of
// groups they belong to).
import { GatewayError } from '../../store/errors.js';
import {
  calendarFor,
  defaultName,
  homeCalendars,
  loadByName,
  loadMany,
  namesOf,
  syncToken,
  type DavCalendar,
  type LoadedObject,
} from './calendar-store.js';
import type { CaldavDeps, DavPrincipal } from './deps.js';
import type { DavResource } from './props.js';
import {
  calendarHref,
  homeHref,
  objectHref,
  parsePath,
  principalHref,
  slugName,
  type DavPath,
} from './paths.js';

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

export async function calendarResource(
  deps: CaldavDeps,
  cal: DavCalendar,
  token?: string,
): Promise<DavResource> {
  return {
    kind: 'calendar',
    href: calendarHref(cal.userName, cal.slug),
    calendar: cal,
    token: token ?? (await syncToken(deps)),
    props: await deps.props.get(cal.userId, slugName(cal.slug)),
  };
}

export async function resolveResource(
  deps: CaldavDeps,
  p: DavPrincipal,
  path: DavPath,
  href: string,
): Promise<DavResource> {
  ownPath(p, path);
  switch (path.kind) {
    case 'root':
    case 'principals':
      return { kind: path.kind, href };
    case 'principal':
      return { kind: 'principal', href: principalHref(p.user.userName), user: p.user };
    case 'home':
      return { kind: 'home', href: homeHref(p.user.userName), user: p.user };
    case 'calendar':
      return calendarResource(deps, await calendarFor(deps, p, path.calendar));
    case 'object': {
      const cal = await calendarFor(deps, p, path.calendar);
      const object = await loadByName(deps, cal, path.name);
      if (!object) throw new GatewayError('not_found', `No calendar object ${path.name}`);
      return objectResource(cal, object);
    }
  }
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

export function objectResource(cal: DavCalendar, object: LoadedObject): DavResource {
  return {
    kind: 'object',
    href: objectHref(cal.userName, cal.slug, object.name),
    calendar: cal,
    object,
  };
}

export async function childrenOf(
  deps: CaldavDeps,
  p: DavPrincipal,
  r: DavResource,
): Promise<DavResource[]> {
  if (r.kind === 'principals')
    return [{ kind: 'principal', href: principalHref(p.user.userName), user: p.user }];
  if (r.kind === 'home') {
    const token = await syncToken(deps);
    const out: DavResource[] = [];
    for (const cal of await homeCalendars(deps, p))
      out.push(await calendarResource(deps, cal, token));
    return out;
  }
  if (r.kind === 'calendar')
    return (await calendarObjects(deps, r.calendar)).map((o) => objectResource(r.calendar, o));
  return [];
}

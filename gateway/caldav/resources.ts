// From a request path to the resource it names and its children (RFC 4918 §9.1 Depth), with the
// rule that a user reaches only their own principal, home and calendars.
import { GatewayError } from '../../store/errors.js';
import { loadByName, loadObject, namesOf, syncToken, type LoadedObject } from './calendar-store.js';
import type { CaldavDeps, DavPrincipal } from './deps.js';
import type { DavResource } from './props.js';
import { CALENDAR_MODULE, calendarHref, homeHref, objectHref, parsePath, principalHref, type CalendarName, type DavPath } from './paths.js';

export function parseOrNotFound(path: string): DavPath {
  const parsed = parsePath(path);
  if (!parsed) throw new GatewayError('not_found', `No resource at ${path}`);
  return parsed;
}

export function ownPath(p: DavPrincipal, path: DavPath): void {
  if ('user' in path && path.user.toLowerCase() !== p.user.userName.toLowerCase()) {
    throw new GatewayError('forbidden', 'Only your own calendars are served', { precondition: { ns: 'DAV:', name: 'need-privileges' } });
  }
}

export async function resolveResource(deps: CaldavDeps, p: DavPrincipal, path: DavPath, href: string): Promise<DavResource> {
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
      return { kind: 'calendar', href: calendarHref(p.user.userName, path.calendar), user: p.user, calendar: path.calendar, token: await syncToken(deps) };
    case 'object': {
      const object = await loadByName(deps, p, path.calendar, path.name);
      if (!object) throw new GatewayError('not_found', `No calendar object ${path.name}`);
      return { kind: 'object', href: objectHref(p.user.userName, path.calendar, object.name), calendar: path.calendar, object };
    }
  }
}

/** Every object of the user's calendar, with its ics and ETag. */
export async function calendarObjects(deps: CaldavDeps, p: DavPrincipal, cal: CalendarName): Promise<LoadedObject[]> {
  const members = await deps.objects.members(CALENDAR_MODULE[cal], p.user.id);
  const names = await namesOf(deps, p.user.id, cal);
  const out: LoadedObject[] = [];
  for (const m of members) {
    const loaded = await loadObject(deps, p, cal, m.recordId, names.get(m.recordId) ?? `crm-${m.recordId}.ics`);
    if (loaded) out.push(loaded);
  }
  return out;
}

export function objectResource(p: DavPrincipal, cal: CalendarName, object: LoadedObject): DavResource {
  return { kind: 'object', href: objectHref(p.user.userName, cal, object.name), calendar: cal, object };
}

export async function childrenOf(deps: CaldavDeps, p: DavPrincipal, r: DavResource): Promise<DavResource[]> {
  if (r.kind === 'principals') return [{ kind: 'principal', href: principalHref(p.user.userName), user: p.user }];
  if (r.kind === 'home') {
    const token = await syncToken(deps);
    return (['events', 'tasks'] as const).map((calendar) => ({ kind: 'calendar', href: calendarHref(p.user.userName, calendar), user: p.user, calendar, token }));
  }
  if (r.kind === 'calendar') return (await calendarObjects(deps, p, r.calendar)).map((o) => objectResource(p, r.calendar, o));
  return [];
}

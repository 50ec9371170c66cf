// From a request path to the resource it names (RFC 4918 §9.1) and its Depth 1 children: the
// root, the principal collection and the principal (RFC 3744 §5, RFC 5397) are the core's; every
// other path under /dav/ belongs to the area of its first segment, and only to its own user.
import { DAV_NS } from '../../formats/webdav/parse-xml.js';
import { GatewayError } from '../../store/errors.js';
import type { User } from '../../store/types.js';
import type { DavArea, DavCore } from './area.js';
import { corePath, principalHref } from './paths.js';
import { elements, href } from './prop-values.js';
import type { DavPrincipal } from './request.js';
import { isCollection, key, type DavResource, type PropTable } from './resource.js';

function displayName(user: User): string {
  return [user.firstName, user.lastName].filter((s) => s).join(' ') || user.userName;
}

function plainCollection(path: string, children: () => DavResource[] = () => []): DavResource {
  return {
    href: path,
    props: (t) => t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:collection'])),
    children: async () => children(),
  };
}

function principal(core: DavCore, user: User): DavResource {
  return {
    href: principalHref(user.userName),
    props(t: PropTable): void {
      t.set(key(DAV_NS, 'resourcetype'), elements([DAV_NS, 'd:principal']));
      t.set(key(DAV_NS, 'displayname'), displayName(user));
      t.set(key(DAV_NS, 'principal-URL'), href(principalHref(user.userName)));
      for (const area of core.areas) area.principalProps?.(t, user);
    },
  };
}

export function areaOf(core: DavCore, segment: string): DavArea | undefined {
  return core.areas.find((a) => a.segment === segment);
}

/** RFC 3744 §7.1.1: another user's resources are refused before anything is looked up. */
function ownUser(p: DavPrincipal, user: string): void {
  if (user.toLowerCase() !== p.user.userName.toLowerCase()) {
    throw new GatewayError('forbidden', 'Only your own resources are served', {
      dav: { precondition: { ns: DAV_NS, name: 'need-privileges' } },
    });
  }
}

/** The area a path belongs to (after the ownership check), or null for the core's own paths. */
export function areaFor(core: DavCore, p: DavPrincipal, path: string): DavArea | null {
  const parsed = corePath(path);
  if (!parsed) throw new GatewayError('not_found', `No resource at ${path}`);
  if (parsed.kind === 'principal' || parsed.kind === 'area') ownUser(p, parsed.user);
  if (parsed.kind !== 'area') return null;
  const area = areaOf(core, parsed.segment);
  if (!area) throw new GatewayError('not_found', `No resource at ${path}`);
  return area;
}

export async function resolve(core: DavCore, p: DavPrincipal, path: string): Promise<DavResource> {
  const area = areaFor(core, p, path);
  if (area) {
    const found = await area.resolve(p, path);
    if (!found) throw new GatewayError('not_found', `No resource at ${path}`);
    return found;
  }
  const parsed = corePath(path);
  if (parsed?.kind === 'principal') return principal(core, p.user);
  if (parsed?.kind === 'principals') return plainCollection(path, () => [principal(core, p.user)]);
  return plainCollection(path);
}

export async function childrenOf(r: DavResource): Promise<DavResource[]> {
  if (isCollection(r)) return r.members();
  return r.children ? r.children() : [];
}

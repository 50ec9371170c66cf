// The core's URL space (RFC 4918 §8.3, RFC 6764 §5): /dav/ and its principals,
// /dav/principals/<user>/ (RFC 3744 §5), and /dav/<area>/<user>/... served by a registered area.
// Path segments are percent-decoded; a user reaches only their own principal and area paths.
export const DAV_ROOT = '/dav/';

export type CorePath =
  | { readonly kind: 'root' }
  | { readonly kind: 'principals' }
  | { readonly kind: 'principal'; readonly user: string }
  | { readonly kind: 'area'; readonly segment: string; readonly user: string };

export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function corePath(path: string): CorePath | null {
  if (path === '/' || path === '/dav' || path === DAV_ROOT) return { kind: 'root' };
  if (path === '/principals/' || path === '/principals' || path === '/dav/principals/')
    return { kind: 'principals' };
  if (!path.startsWith(DAV_ROOT)) return null;
  const [area, rawUser, next, ...rest] = path.slice(DAV_ROOT.length).split('/');
  const user = rawUser ? decodeSegment(rawUser) : null;
  if (!area || !user) return null;
  if (area === 'principals')
    return !next && rest.every((s) => s === '') ? { kind: 'principal', user } : null;
  return { kind: 'area', segment: area, user };
}

export const principalHref = (user: string): string =>
  `${DAV_ROOT}principals/${encodeURIComponent(user)}/`;

/** The parent collection's path and the decoded last segment of a member path. */
export function splitMember(path: string): { parent: string; name: string } | null {
  if (path.endsWith('/')) return null;
  const slash = path.lastIndexOf('/');
  const name = decodeSegment(path.slice(slash + 1));
  return name ? { parent: path.slice(0, slash + 1), name } : null;
}

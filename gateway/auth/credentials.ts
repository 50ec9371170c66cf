// The one reader of the `Authorization` request header for every edge (REST, CalDAV, 1C). The
// scheme name is case-insensitive (RFC 9110 §11.1) and separated from its credentials by spaces
// (RFC 9110 §11.4). Basic carries base64("user-id:password") in UTF-8 (RFC 7617 §2, §2.1): the
// user-id ends at the first colon, so a password may contain colons but a user-id cannot, and
// neither contains control characters. Bearer carries a b64token (RFC 6750 §2.1). Anything else
// is null: the edge answers as it does to a request without credentials.
import { timingSafeEqual } from 'node:crypto';

export type Credentials =
  | { readonly scheme: 'basic'; readonly user: string; readonly secret: string }
  | { readonly scheme: 'bearer'; readonly token: string };

const HEADER = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S+)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
// RFC 7617 §2: user-id = *( %x01-39 / %x3B-7E / obs-text ) excludes CTLs (RFC 5234 B.1).
const CONTROL = /[\u0000-\u001f\u007f]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeBasic(token68: string): Credentials | null {
  if (!BASE64.test(token68) || token68.length % 4 === 1) return null;
  let decoded: string;
  try {
    decoded = UTF8.decode(Buffer.from(token68, 'base64'));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (CONTROL.test(user) || CONTROL.test(secret)) return null;
  return { scheme: 'basic', user, secret };
}

/** The credentials of an `Authorization` header, or null when it is absent or not well formed. */
export function parseAuthorization(header: string | null | undefined): Credentials | null {
  const m = HEADER.exec((header ?? '').trim());
  if (!m) return null;
  const scheme = (m[1] as string).toLowerCase();
  const value = m[2] as string;
  if (scheme === 'basic') return decodeBasic(value);
  if (scheme === 'bearer') return B64TOKEN.test(value) ? { scheme: 'bearer', token: value } : null;
  return null;
}

/** Compares two secrets in time that does not depend on where they differ; empty never matches. */
export function sameSecret(given: string, expected: string): boolean {
  const x = Buffer.from(given);
  const y = Buffer.from(expected);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

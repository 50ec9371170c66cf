// Who calls the CalDAV server (RFC 4791 §8.1 leaves it to HTTP auth): `Basic` with the CRM user
// name and password (directory users too, with the authenticator's lockout) or the user's access
// key; `Bearer` with an OAuth2 access token (RFC 6750). Failures are answered 401 with a Basic
// challenge at the edge, which is what calendar apps need to prompt (caldav.md §1.1).
import { timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../../store/errors.js';
import type { User } from '../../store/types.js';
import type { LoginThrottle } from '../../store/login-throttle.js';
import type { Store } from '../../store/store.js';
import type { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { DavPrincipal } from './request.js';

export interface DavAuthDeps {
  readonly store: Store;
  readonly authenticator: Authenticator;
  readonly throttle: LoginThrottle;
  readonly tokens: AccessTokenVerifier;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

async function principalFor(
  deps: DavAuthDeps,
  user: User,
  canWrite: boolean,
): Promise<DavPrincipal> {
  const actor = user.status === 'Active' ? await deps.store.users.actor(user.id) : null;
  if (!actor) throw new GatewayError('unauthenticated', 'The user is not active');
  return { user, actor, canWrite };
}

async function basic(deps: DavAuthDeps, encoded: string, ip: string | null): Promise<DavPrincipal> {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = (colon < 0 ? decoded : decoded.slice(0, colon)).trim();
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  const key = `user:${username.toLowerCase()}`;
  const local = username === '' ? null : await deps.store.users.findByUserName(username);
  if (
    local &&
    local.status === 'Active' &&
    !(await deps.throttle.lockedUntil(key)) &&
    sameSecret(secret, local.accessKey)
  ) {
    return principalFor(deps, local, true);
  }
  const result = await deps.authenticator.login(username, secret, ip);
  if (!result.ok) throw new GatewayError('unauthenticated', result.message);
  return principalFor(deps, result.user, true);
}

export async function authenticate(
  deps: DavAuthDeps,
  authorization: string | undefined,
  ip: string | null,
): Promise<DavPrincipal> {
  const m = /^(Basic|Bearer)\s+(\S+)\s*$/i.exec((authorization ?? '').trim());
  if (!m) throw new GatewayError('unauthenticated', 'Authentication required');
  if ((m[1] as string).toLowerCase() === 'basic') return basic(deps, m[2] as string, ip);
  const grant = await deps.tokens.verify(m[2] as string);
  const user = grant ? await deps.store.users.findById(grant.userId) : null;
  if (!grant || !user)
    throw new GatewayError('unauthenticated', 'Invalid, expired or revoked access token');
  return principalFor(deps, user, grant.scope.includes('write'));
}

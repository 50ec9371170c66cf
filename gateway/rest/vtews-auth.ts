// Who calls the vtenext REST API (gateway/rest/README.md §6). `Authorization: Basic
// base64(user:key)` carries the raw access key (no challenge), checked against active users with
// the shared failed-login lockout; directory (LDAP/AD) users may send their directory password
// instead. `Authorization: Bearer <token>` carries an OAuth2 access token (RFC 6750), verified
// through the AccessTokenVerifier; its scope decides whether writes are allowed.
import { timingSafeEqual } from 'node:crypto';
import type { TokenScope } from '../../store/oauth-access-tokens.js';
import type { User } from '../../store/types.js';
import type { Caller, RestDeps } from './deps.js';
import { loginFailed } from './vtenext-errors.js';

export interface VtenextCaller {
  readonly caller: Caller;
  /** null for Basic auth (full access). */
  readonly scope: TokenScope | null;
}

const WRONG = 'incorrect username and password combination';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

async function callerFor(deps: RestDeps, user: User): Promise<Caller> {
  const cached = user.status === 'Active' ? await deps.callers.get(user.id) : null;
  if (!cached) throw loginFailed(WRONG);
  return { ...cached, sessionName: null };
}

async function basic(
  deps: RestDeps,
  encodedCredentials: string,
  ip: string | null,
): Promise<Caller> {
  const decoded = Buffer.from(encodedCredentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = (colon < 0 ? decoded : decoded.slice(0, colon)).trim();
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  if (username === '' || username.length > 256) throw loginFailed('no username supplied');
  const keys = [`user:${username.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
  for (const key of keys)
    if (await deps.throttle.lockedUntil(key)) throw loginFailed('too many unsuccessfully logins');
  const user = await deps.store.users.findByUserName(username);
  if (user && user.status === 'Active' && sameSecret(secret, user.accessKey)) {
    await deps.throttle.clear(keys[0] as string);
    return callerFor(deps, user);
  }
  if (!user || user.authSource === 'ldap') {
    // The authenticator counts its own failures and knows the directory.
    const result = await deps.authenticator.login(username, secret, ip);
    if (result.ok) return callerFor(deps, result.user);
    throw loginFailed(result.reason === 'locked' ? 'too many unsuccessfully logins' : WRONG);
  }
  for (const key of keys) await deps.throttle.recordFailure(key);
  throw loginFailed(WRONG);
}

async function bearer(deps: RestDeps, token: string): Promise<VtenextCaller> {
  const grant = await deps.tokens.verify(token);
  const cached = grant ? await deps.callers.get(grant.userId) : null;
  if (!grant || !cached) throw loginFailed('invalid, expired or revoked access token');
  return { caller: { ...cached, sessionName: null }, scope: grant.scope };
}

export async function authenticateVtenext(
  deps: RestDeps,
  authorization: string,
  ip: string | null,
): Promise<VtenextCaller> {
  const m = /^(Basic|Bearer)\s+(\S+)\s*$/i.exec(authorization.trim());
  if (!m) throw loginFailed('no username supplied');
  const scheme = (m[1] as string).toLowerCase();
  if (scheme === 'bearer') return bearer(deps, m[2] as string);
  return { caller: await basic(deps, m[2] as string, ip), scope: null };
}

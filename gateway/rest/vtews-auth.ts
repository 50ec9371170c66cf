// Who calls the vtenext REST API (gateway/rest/README.md §6). `Authorization: Basic base64(user:key)`
// carries the raw access key (no challenge); directory (LDAP/AD) users may send their directory
// password instead. Both go through the lockout every entry point shares
// (gateway/auth/authenticator.ts). `Authorization: Bearer <token>` carries an OAuth2 access
// token (RFC 6750), verified through the AccessTokenVerifier; its scope decides whether writes
// are allowed. This file only words failures as vtenext does.
import type { TokenScope } from '../../store/oauth/types.js';
import type { User } from '../../store/types.js';
import type { AcceptedSecrets } from '../auth/authenticator.js';
import { parseAuthorization } from '../auth/credentials.js';
import type { Caller, RestDeps } from './deps.js';
import { loginFailed } from './vtenext-errors.js';

export interface VtenextCaller {
  readonly caller: Caller;
  /** null for Basic auth (full access). */
  readonly scope: TokenScope | null;
}

const WRONG = 'incorrect username and password combination';
const NO_USER = 'no username supplied';
const LOCKED = 'too many unsuccessfully logins';
const REST_SECRETS: AcceptedSecrets = { accessKey: true, password: 'directory' };

async function callerFor(deps: RestDeps, user: User): Promise<Caller> {
  const cached = user.status === 'Active' ? await deps.callers.get(user.id) : null;
  if (!cached) throw loginFailed(WRONG);
  return { ...cached, sessionName: null };
}

async function basic(
  deps: RestDeps,
  username: string,
  secret: string,
  ip: string | null,
): Promise<Caller> {
  if (username.trim() === '') throw loginFailed(NO_USER);
  const result = await deps.authenticator.loginWithSecret(username, secret, ip, REST_SECRETS);
  if (result.ok) return callerFor(deps, result.user);
  throw loginFailed(result.reason === 'locked' ? LOCKED : WRONG);
}

async function bearer(deps: RestDeps, token: string): Promise<VtenextCaller> {
  const grant = await deps.tokens.verify(token);
  const cached = grant ? await deps.callers.get(grant.user.id) : null;
  if (!grant || !cached) throw loginFailed('invalid, expired or revoked access token');
  return { caller: { ...cached, sessionName: null }, scope: grant.scope };
}

export async function authenticateVtenext(
  deps: RestDeps,
  authorization: string,
  ip: string | null,
): Promise<VtenextCaller> {
  const credentials = parseAuthorization(authorization);
  if (!credentials) throw loginFailed(NO_USER);
  if (credentials.scheme === 'bearer') return bearer(deps, credentials.token);
  return { caller: await basic(deps, credentials.user, credentials.secret, ip), scope: null };
}

// Who calls the DAV server (RFC 4791 §8.1 and RFC 6352 §13 leave it to HTTP auth): `Basic` with the CRM user
// name and either the access key or the password (directory users too), under the lockout every
// entry point shares (gateway/auth/authenticator.ts); `Bearer` with an OAuth2 access token
// (RFC 6750). Failures are answered 401 with a Basic challenge at the edge (RFC 7235 §4.1), which
// is what calendar apps need to prompt (test/gateway/caldav/discovery.test.ts).
import { GatewayError } from '../../store/errors.js';
import type { User } from '../../store/types.js';
import type { AcceptedSecrets } from '../auth/authenticator.js';
import { parseAuthorization } from '../auth/credentials.js';
import type { Store } from '../../store/store.js';
import type { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { DavPrincipal } from './request.js';

/** What authentication needs of the DAV edge's dependencies. */
export interface DavAuthDeps {
  readonly store: Store;
  readonly authenticator: Authenticator;
  readonly tokens: AccessTokenVerifier;
}

const DAV_SECRETS: AcceptedSecrets = { accessKey: true, password: 'all' };

async function principalFor(
  deps: DavAuthDeps,
  user: User,
  canWrite: boolean,
): Promise<DavPrincipal> {
  const actor = user.status === 'Active' ? await deps.store.users.actor(user.id) : null;
  if (!actor) throw new GatewayError('unauthenticated', 'The user is not active');
  return { user, actor, canWrite };
}

export async function authenticate(
  deps: DavAuthDeps,
  authorization: string | undefined,
  ip: string | null,
): Promise<DavPrincipal> {
  const credentials = parseAuthorization(authorization);
  if (!credentials) throw new GatewayError('unauthenticated', 'Authentication required');
  if (credentials.scheme === 'basic') {
    const { user, secret } = credentials;
    const result = await deps.authenticator.loginWithSecret(user, secret, ip, DAV_SECRETS);
    if (!result.ok) throw new GatewayError('unauthenticated', result.message);
    return principalFor(deps, result.user, true);
  }
  const grant = await deps.tokens.verify(credentials.token);
  if (!grant) throw new GatewayError('unauthenticated', 'Invalid, expired or revoked access token');
  return principalFor(deps, grant.user, grant.scope.includes('write'));
}

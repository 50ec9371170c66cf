// Who is exchanging (gateway/commerceml/README.md §1.2): checkauth needs HTTP Basic with the CRM user name and
// that user's access key; later requests are accepted with the session cookie, the `sessid`
// parameter, or Basic again (1C repeats checkauth and some modules only send Basic).
import type { CmlSession } from '../../store/commerceml/exchange-repository.js';
import type { User } from '../../store/types.js';
import type { AcceptedSecrets } from '../auth/authenticator.js';
import { parseAuthorization } from '../auth/credentials.js';
import { GatewayError } from '../errors.js';
import type { CmlDeps } from './deps.js';

export interface Credentials {
  readonly authorization: string | null;
  readonly cookie: string | null;
  readonly sessid: string | null;
  readonly ip: string | null;
}

// 1C sends the access key, never a password.
const EXCHANGE_SECRETS: AcceptedSecrets = { accessKey: true, password: 'none' };

/**
 * The user of a Basic header; null when none was sent; throws on wrong credentials. The check
 * and its lockout are the ones of every entry point (gateway/auth/authenticator.ts), so the
 * exchange endpoint is no way around it for guessing access keys.
 */
export async function basicUser(
  deps: CmlDeps,
  authorization: string | null,
  ip: string | null,
): Promise<User | null> {
  const credentials = parseAuthorization(authorization);
  if (credentials?.scheme !== 'basic') return null;
  const { user, secret } = credentials;
  const result = await deps.authenticator.loginWithSecret(user, secret, ip, EXCHANGE_SECRETS);
  if (result.ok) return result.user;
  throw new GatewayError(
    'unauthenticated',
    result.reason === 'locked'
      ? 'too many failed logins; try again later'
      : 'wrong user name or access key',
  );
}

export async function resolveSession(deps: CmlDeps, creds: Credentials): Promise<CmlSession> {
  for (const token of [creds.cookie, creds.sessid]) {
    if (!token) continue;
    const session = await deps.exchange.liveSession(token);
    if (session && (await deps.store.users.actor(session.userId))) return session;
  }
  const user = await basicUser(deps, creds.authorization, creds.ip);
  if (!user)
    throw new GatewayError('unauthenticated', 'no exchange session: call mode=checkauth first');
  return (await deps.exchange.latestSessionOf(user.id)) ?? deps.exchange.createSession(user.id);
}

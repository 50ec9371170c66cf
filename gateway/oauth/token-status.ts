// Whether an access token is live right now: known (by SHA-256), not revoked, not expired, its
// user active, and — for tokens this server issued — the server on, the application active and
// the user still allowed (admin switch, restrictions). Used by the REST verifier and by
// introspection, so both answer the same.
import type { AccessTokenRecord, OAuthClient } from '../../store/oauth/types.js';
import type { User } from '../../store/types.js';
import type { OAuthDeps } from './deps.js';

export interface LiveToken {
  readonly record: AccessTokenRecord;
  readonly user: User;
  readonly client: OAuthClient | null;
}

export async function liveAccessToken(
  deps: Pick<OAuthDeps, 'oauth' | 'access' | 'store'>,
  token: string,
  now: Date = new Date(),
): Promise<LiveToken | null> {
  const record = await deps.oauth.tokens.findAccess(token);
  if (!record || record.revoked || record.expiresAt <= now) return null;
  if (record.clientId === null) {
    // Put in the store directly (gateway/rest/README.md §6 tests, imports): only the user is
    // checked.
    const user = await deps.store.users.findById(record.userId);
    return user && user.status === 'Active' ? { record, user, client: null } : null;
  }
  const client = await deps.access.activeClient(record.clientId);
  const user = client ? await deps.access.allowedUser(client, record.userId) : null;
  return client && user ? { record, user, client } : null;
}

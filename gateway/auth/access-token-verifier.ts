// The one check of a Bearer access token (RFC 6750 §2.1) for every edge that takes one (vtenext
// REST, CalDAV): the token's SHA-256 must be known, not revoked, not expired, its user active,
// and for tokens the authorization server issued, the server switched on, the application
// active and the user still allowed (the admin-users switch, restrictions) — so deactivating an
// app or a user, or revoking, takes effect on the next call. Introspection answers from the same
// rule (gateway/oauth/token-status.ts).
import type { TokenScope } from '../../store/oauth/types.js';
import type { User } from '../../store/types.js';
import type { OAuthDeps } from '../oauth/deps.js';
import { liveAccessToken } from '../oauth/token-status.js';

export interface VerifiedToken {
  readonly user: User;
  readonly scope: TokenScope;
}

export interface AccessTokenVerifier {
  /** The token's user and scope; null when unknown, expired, revoked or no longer allowed. */
  verify(token: string): Promise<VerifiedToken | null>;
}

export class OAuthTokenVerifier implements AccessTokenVerifier {
  constructor(private readonly deps: Pick<OAuthDeps, 'oauth' | 'access' | 'store'>) {}

  async verify(token: string): Promise<VerifiedToken | null> {
    const live = await liveAccessToken(this.deps, token);
    return live ? { user: live.user, scope: live.record.scope } : null;
  }
}

// Bearer tokens on the vtenext REST path (gateway/rest/README.md §6, RFC 6750). OAuthTokenVerifier
// is the authorization server's: the token's SHA-256 must be known, not revoked, not expired, its
// user active, and for tokens the server issued the server switched on, the application active and
// the user still allowed (the admin-users switch, restrictions) — so deactivating an app or a user,
// or revoking, takes effect on the next call. StoreAccessTokenVerifier is the older check (user and
// expiry only) kept for callers that build RestDeps without the authorization server.
import type { OAuthAccessTokenRepository, TokenScope } from '../../store/oauth-access-tokens.js';
import type { OAuthDeps } from '../oauth/deps.js';
import { liveAccessToken } from '../oauth/token-status.js';

export interface VerifiedToken {
  readonly userId: number;
  readonly scope: TokenScope;
}

export interface AccessTokenVerifier {
  /** The token's user and scope, or null when it is unknown, expired or revoked. */
  verify(token: string): Promise<VerifiedToken | null>;
}

export class StoreAccessTokenVerifier implements AccessTokenVerifier {
  constructor(private readonly tokens: OAuthAccessTokenRepository) {}

  verify(token: string): Promise<VerifiedToken | null> {
    return this.tokens.find(token);
  }
}

export class OAuthTokenVerifier implements AccessTokenVerifier {
  constructor(private readonly deps: Pick<OAuthDeps, 'oauth' | 'access' | 'store'>) {}

  async verify(token: string): Promise<VerifiedToken | null> {
    const live = await liveAccessToken(this.deps, token);
    return live ? { userId: live.user.id, scope: live.record.scope } : null;
  }
}

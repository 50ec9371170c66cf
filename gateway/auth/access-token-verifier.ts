// Bearer tokens on the vtenext REST path (webservices.md §6, RFC 6750). The OAuth2 authorization
// server (its own issue) may replace the verifier; the default reads the oauth_access_tokens
// table, so tokens put in the store directly work the same.
import type { OAuthAccessTokenRepository, TokenScope } from '../../store/oauth-access-tokens.js';

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

// Domain types of the OAuth2 authorization server's store. Row shapes stay in the
// repositories; these are what the gateway sees.
/** Scopes are space-separated sets (RFC 6749 §3.3) of `read` and `write`. */
export type TokenScope = 'read' | 'write' | 'read write';

/** Service account (client_credentials), web application (confidential), native or SPA (public, PKCE). */
export type ClientType = 'service' | 'web' | 'native';

/** RFC 7591 §2 token_endpoint_auth_method values the gateway registers. */
export type ClientAuthMethod = 'client_secret' | 'private_key_jwt' | 'none';

/** A registered application: what it was registered with (its secret only ever as a hash, kept
 *  out of this shape), plus its state. */
export interface OAuthClient extends Omit<NewClient, 'secretHash'> {
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewClient {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly iconUrl: string | null;
  readonly type: ClientType;
  readonly authMethod: ClientAuthMethod;
  readonly secretHash: string | null;
  readonly scope: TokenScope;
  readonly redirectUris: readonly string[];
  readonly offlineAccess: boolean;
  readonly userId: number;
  readonly restricted: boolean;
  readonly allowedUserIds: readonly number[];
  readonly allowedGroupIds: readonly number[];
}

export type ClientChanges = Omit<NewClient, 'id' | 'type' | 'authMethod' | 'secretHash'>;

/** A registered public key (RFC 7517 JWK) of a private_key_jwt client. */
export interface ClientKey {
  readonly kid: string;
  readonly clientId: string;
  readonly alg: string;
  readonly publicJwk: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

export interface ClientStats {
  readonly activeAccessTokens: number;
  readonly expiredAccessTokens: number;
  readonly activeRefreshTokens: number;
  readonly users: number;
  readonly lastIssuedAt: string | null;
}

/** A validated authorization request waiting for the user's consent (RFC 6749 §4.1.1). */
export interface PendingAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: TokenScope;
  readonly state: string;
  readonly codeChallenge: string;
  readonly codeChallengeMethod: string;
  readonly userId: number | null;
  readonly expiresAt: string;
}

export interface AuthorizationCodeRecord {
  readonly clientId: string;
  readonly userId: number;
  readonly redirectUri: string;
  readonly scope: TokenScope;
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: string | null;
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly used: boolean;
}

export interface RefreshTokenRecord {
  readonly familyId: string;
  readonly clientId: string;
  readonly userId: number;
  readonly scope: TokenScope;
  readonly expiresAt: Date;
  readonly rotated: boolean;
  readonly revoked: boolean;
}

/** An access token as the resource servers and introspection see it. */
export interface AccessTokenRecord {
  readonly clientId: string | null;
  readonly userId: number;
  readonly scope: TokenScope;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revoked: boolean;
  readonly familyId: string | null;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  readonly refreshToken: string | null;
  readonly refreshTokenExpiresAt: Date | null;
  readonly clientId: string;
  readonly userId: number;
  readonly scope: TokenScope;
  readonly familyId: string;
}

export interface Consent {
  readonly clientId: string;
  readonly scope: TokenScope;
  readonly grantedAt: string;
}

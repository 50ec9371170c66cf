// What the authorization server needs, built once by the composition root (plain values: the
// routes hand these to the cores).
import { createOAuthStore, type OAuthStore } from '../../store/oauth/oauth-store.js';
import type { Store } from '../../store/store.js';
import type { GatewayConfig } from '../config.js';
import { OAuthAccess } from './access.js';

export interface OAuthOptions {
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** RFC 6749 §4.1.2: "a maximum authorization code lifetime of 10 minutes is RECOMMENDED"; we use 5. */
  readonly codeTtlSeconds: number;
  /** How long a user has to answer the consent page. */
  readonly consentTtlSeconds: number;
  /** GATEWAY_OAUTH_ISSUER; null derives the issuer from the request's origin. */
  readonly issuer: string | null;
  /** Token endpoint requests per minute per client and per address. */
  readonly tokenRateLimit: number;
  /** GATEWAY_OAUTH_ASSERTION_MAX_LIFETIME: the longest a client assertion may live (`exp` − `iat`). */
  readonly assertionMaxLifetimeSeconds: number;
}

export interface OAuthDeps {
  readonly store: Store;
  readonly oauth: OAuthStore;
  readonly access: OAuthAccess;
  readonly options: OAuthOptions;
}

export function createOAuthDeps(config: GatewayConfig, store: Store): OAuthDeps {
  const oauth = createOAuthStore(store.db.knex);
  return {
    store,
    oauth,
    access: new OAuthAccess(store, oauth),
    options: {
      accessTokenTtlSeconds: config.oauthAccessTokenTtlSeconds,
      refreshTokenTtlSeconds: config.oauthRefreshTokenTtlSeconds,
      codeTtlSeconds: 300,
      consentTtlSeconds: 600,
      issuer: config.oauthIssuer,
      tokenRateLimit: config.oauthTokenRateLimit,
      assertionMaxLifetimeSeconds: config.oauthAssertionMaxLifetimeSeconds,
    },
  };
}

export interface Endpoints {
  readonly issuer: string;
  readonly authorization: string;
  readonly token: string;
  readonly revocation: string;
  readonly introspection: string;
}

/** RFC 8414 §2: the issuer identifier and the endpoints below it. */
export function endpointsFor(options: OAuthOptions, origin: string): Endpoints {
  const issuer = options.issuer ?? origin.replace(/\/+$/, '');
  return {
    issuer,
    authorization: `${issuer}/oauth2/authorize`,
    token: `${issuer}/oauth2/token`,
    revocation: `${issuer}/oauth2/revoke`,
    introspection: `${issuer}/oauth2/introspect`,
  };
}

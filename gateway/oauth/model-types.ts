// The shapes the @node-oauth/oauth2-server model passes around, and the per-request context the
// gateway's model hooks share (gateway/oauth/README.md §1.2–§1.3). A model is built per
// request, bound to the client the gateway authenticated, so the library can never look up a
// client that did not prove who it is.
import { randomBytes } from 'node:crypto';
import OAuth2Server from '@node-oauth/oauth2-server';
import type { OAuthClient } from '../../store/oauth/types.js';
import type { User } from '../../store/types.js';
import type { OAuthDeps } from './deps.js';

export interface ModelContext {
  readonly deps: OAuthDeps;
  /** The authenticated client (token endpoint); null on the authorization endpoint. */
  readonly clientId: string | null;
  /** The token request's parameters (redirect_uri, grant_type), client credentials removed. */
  readonly body: Readonly<Record<string, string>>;
  /** The token family of the code or refresh token being redeemed, set while the grant runs. */
  family: string | null;
}

export type GatewayModel = OAuth2Server.AuthorizationCodeModel &
  OAuth2Server.ClientCredentialsModel &
  OAuth2Server.RefreshTokenModel;

export function toLibraryClient(app: OAuthClient): OAuth2Server.Client {
  const grants =
    app.type === 'service'
      ? ['client_credentials']
      : ['authorization_code', ...(app.offlineAccess ? ['refresh_token'] : [])];
  // Always an array: a string would make the library's `includes` a substring match (§1.2 pitfall).
  return { id: app.id, grants, redirectUris: [...app.redirectUris], app };
}

export function toLibraryUser(user: User): OAuth2Server.User {
  return { id: user.id, user };
}

export function appOf(client: OAuth2Server.Client): OAuthClient {
  const app: unknown = client.app;
  if (typeof app !== 'object' || app === null || !('authMethod' in app))
    throw new OAuth2Server.ServerError('Server error: client without application');
  return app as OAuthClient;
}

export function userOf(user: OAuth2Server.User): User {
  const inner: unknown = user.user;
  if (typeof inner !== 'object' || inner === null || !('userName' in inner))
    throw new OAuth2Server.ServerError('Server error: user without account');
  return inner as User;
}

/** 256 random bits, base64url, with a prefix that tells secret scanners what leaked. */
export function randomToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function randomId(): string {
  return randomBytes(16).toString('hex');
}

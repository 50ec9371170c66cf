// The @node-oauth/oauth2-server model of the gateway (gateway/oauth/README.md §1.2), built
// per request: shared hooks here (client lookup bound to the authenticated client, exact
// redirect URI match, scope narrowing, token storage as SHA-256), one file per grant in grants/.
import OAuth2Server from '@node-oauth/oauth2-server';
import { toScope } from '../../store/oauth/tokens.js';
import { authorizationCodeHooks } from './grants/authorization-code.js';
import { clientCredentialsHooks } from './grants/client-credentials.js';
import { refreshTokenHooks } from './grants/refresh-token.js';
import {
  appOf,
  randomId,
  randomToken,
  toLibraryClient,
  userOf,
  type GatewayModel,
  type ModelContext,
} from './model-types.js';
import { grantableScope, scopeList } from './scopes.js';

async function saveToken(
  ctx: ModelContext,
  token: OAuth2Server.Token,
  client: OAuth2Server.Client,
  user: OAuth2Server.User,
): Promise<OAuth2Server.Token> {
  const app = appOf(client);
  const scope = toScope((token.scope ?? []).join(' '));
  if (!scope) throw new OAuth2Server.InvalidScopeError('Invalid scope: no scope granted');
  const expiresAt =
    token.accessTokenExpiresAt ??
    new Date(Date.now() + ctx.deps.options.accessTokenTtlSeconds * 1000);
  // The library always makes a refresh token for the code grant; only offline apps keep it.
  const refresh =
    app.offlineAccess && app.type !== 'service' && token.refreshToken && token.refreshTokenExpiresAt
      ? { refreshToken: token.refreshToken, refreshTokenExpiresAt: token.refreshTokenExpiresAt }
      : null;
  await ctx.deps.oauth.tokens.save({
    accessToken: token.accessToken,
    accessTokenExpiresAt: expiresAt,
    refreshToken: refresh?.refreshToken ?? null,
    refreshTokenExpiresAt: refresh?.refreshTokenExpiresAt ?? null,
    clientId: app.id,
    userId: userOf(user).id,
    scope,
    familyId: ctx.family ?? randomId(),
  });
  return {
    accessToken: token.accessToken,
    accessTokenExpiresAt: expiresAt,
    ...(refresh ?? {}),
    scope: scopeList(scope),
    client,
    user,
  };
}

export function createModel(ctx: ModelContext): GatewayModel {
  return {
    getClient: async (clientId) => {
      if (ctx.clientId !== null && clientId !== ctx.clientId) return false;
      const app = await ctx.deps.access.activeClient(clientId);
      return app ? toLibraryClient(app) : false;
    },
    // RFC 9700 §2.1 / §4.1.3: exact string comparison against the registered list.
    validateRedirectUri: async (redirectUri, client) =>
      appOf(client).redirectUris.includes(redirectUri),
    validateScope: async (_user, client, scope) => {
      const granted = grantableScope(appOf(client).scope, scope);
      return granted ? scopeList(granted) : false;
    },
    generateAccessToken: async () => randomToken('gwat'),
    generateRefreshToken: async () => randomToken('gwrt'),
    generateAuthorizationCode: async () => randomToken('gwac'),
    saveToken: (token, client, user) => saveToken(ctx, token, client, user),
    // Bearer tokens are checked by the gateway's verifier, never through the library.
    getAccessToken: async () => false,
    ...authorizationCodeHooks(ctx),
    ...refreshTokenHooks(ctx),
    ...clientCredentialsHooks(ctx),
  };
}

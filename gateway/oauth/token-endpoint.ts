// RFC 6749 §3.2 token endpoint: the gateway authenticates the client (client-auth.ts), then
// @node-oauth/oauth2-server runs the grant with a model bound to that client. Grants:
// authorization_code (+ PKCE S256, RFC 7636), client_credentials, refresh_token with rotation.
// No password grant (RFC 9700 §2.4) and no implicit grant (§2.1.2) exist here.
import OAuth2Server from '@node-oauth/oauth2-server';
import { authenticateClient } from './client-auth.js';
import type { OAuthDeps } from './deps.js';
import {
  guardClientEndpoint,
  NO_STORE,
  withoutCredentials,
  type EndpointRequest,
  type EndpointResponse,
} from './endpoint.js';
import { oauthError } from './errors.js';
import { createModel } from './model.js';

export const GRANT_TYPES = ['authorization_code', 'client_credentials', 'refresh_token'] as const;

function grantTypeOf(body: Readonly<Record<string, string>>): string {
  const grantType = body.grant_type ?? '';
  if (grantType === '') throw oauthError('invalid_request', 'grant_type is missing');
  if (!(GRANT_TYPES as readonly string[]).includes(grantType))
    throw oauthError(
      'unsupported_grant_type',
      `grant_type ${grantType.slice(0, 60)} is not supported`,
    );
  return grantType;
}

export async function tokenEndpoint(
  deps: OAuthDeps,
  req: EndpointRequest,
): Promise<EndpointResponse> {
  const endpoints = await guardClientEndpoint(deps, req);
  grantTypeOf(req.body);
  const { client } = await authenticateClient(deps, {
    authorization: req.authorization,
    body: req.body,
    endpoints,
  });
  const body = withoutCredentials(req.body, client.id);
  const server = new OAuth2Server({
    model: createModel({ deps, clientId: client.id, body, family: null }),
    accessTokenLifetime: deps.options.accessTokenTtlSeconds,
    refreshTokenLifetime: deps.options.refreshTokenTtlSeconds,
    // Authentication already happened above, with every method the library lacks.
    requireClientAuthentication: {
      authorization_code: false,
      client_credentials: false,
      refresh_token: false,
    },
    alwaysIssueNewRefreshToken: true,
  });
  const response = new OAuth2Server.Response({});
  const request = new OAuth2Server.Request({
    method: 'POST',
    query: {},
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Math.max(1, req.bodyBytes)),
    },
  });
  await server.token(request, response);
  return { status: 200, headers: NO_STORE, body: response.body };
}

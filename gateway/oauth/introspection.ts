// RFC 7662 token introspection. Only an authenticated confidential client may ask (§2.1; a
// public client has nothing to prove), and only about tokens issued to itself: anything else
// is reported as {"active": false} (§2.2), as are unknown, expired and revoked tokens.
import { authenticateClient } from './client-auth.js';
import type { OAuthDeps } from './deps.js';
import {
  guardClientEndpoint,
  NO_STORE,
  type EndpointRequest,
  type EndpointResponse,
} from './endpoint.js';
import { oauthError } from './errors.js';
import { liveAccessToken } from './token-status.js';

const epoch = (d: Date): number => Math.floor(d.getTime() / 1000);

async function describe(
  deps: OAuthDeps,
  token: string,
  clientId: string,
  issuer: string,
): Promise<Record<string, unknown> | null> {
  const live = await liveAccessToken(deps, token);
  if (live && live.record.clientId === clientId) {
    const { record, user } = live;
    return {
      active: true,
      scope: record.scope,
      client_id: clientId,
      username: user.userName,
      sub: String(user.id),
      token_type: 'Bearer',
      exp: epoch(record.expiresAt),
      iat: epoch(record.createdAt),
      iss: issuer,
    };
  }
  const refresh = live ? null : await deps.oauth.tokens.findRefresh(token);
  if (
    !refresh ||
    refresh.clientId !== clientId ||
    refresh.revoked ||
    refresh.rotated ||
    refresh.expiresAt <= new Date()
  )
    return null;
  const client = await deps.access.activeClient(clientId);
  const user = client ? await deps.access.allowedUser(client, refresh.userId) : null;
  if (!user) return null;
  return {
    active: true,
    scope: refresh.scope,
    client_id: clientId,
    username: user.userName,
    sub: String(user.id),
    exp: epoch(refresh.expiresAt),
    iss: issuer,
  };
}

export async function introspectionEndpoint(
  deps: OAuthDeps,
  req: EndpointRequest,
): Promise<EndpointResponse> {
  const endpoints = await guardClientEndpoint(deps, req);
  const { method, client } = await authenticateClient(deps, {
    authorization: req.authorization,
    body: req.body,
    endpoints,
  });
  if (method === 'none')
    throw oauthError(
      'invalid_client',
      'Client authentication failed: introspection needs an authenticated client',
    );
  const token = req.body.token ?? '';
  if (token === '') throw oauthError('invalid_request', 'token is missing');
  const answer = await describe(deps, token, client.id, endpoints.issuer);
  return { status: 200, headers: NO_STORE, body: answer ?? { active: false } };
}

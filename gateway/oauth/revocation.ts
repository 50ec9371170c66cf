// RFC 7009 token revocation. The client authenticates (public clients with their client_id,
// §2.1); the answer is 200 whether or not the token was known (§2.2), and a token issued to
// another client is left alone. Revoking a refresh token revokes its whole family, access
// tokens included (§2.1 "SHOULD also invalidate all access tokens based on the same grant").
import { authenticateClient } from './client-auth.js';
import type { OAuthDeps } from './deps.js';
import {
  guardClientEndpoint,
  NO_STORE,
  type EndpointRequest,
  type EndpointResponse,
} from './endpoint.js';
import { oauthError } from './errors.js';

export async function revocationEndpoint(
  deps: OAuthDeps,
  req: EndpointRequest,
): Promise<EndpointResponse> {
  const endpoints = await guardClientEndpoint(deps, req);
  const { client } = await authenticateClient(deps, {
    authorization: req.authorization,
    body: req.body,
    endpoints,
  });
  const token = req.body.token ?? '';
  if (token === '') throw oauthError('invalid_request', 'token is missing');
  // token_type_hint is only a hint (§2.1): both kinds are looked up either way.
  await deps.oauth.tokens.revokeIssuedTo(token, client.id);
  return { status: 200, headers: NO_STORE, body: '' };
}

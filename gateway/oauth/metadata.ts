// RFC 8414 authorization server metadata, served at /.well-known/oauth-authorization-server.
// It advertises only what the server does: code flow with PKCE S256 (RFC 9700 §2.1.1), no
// implicit or password grant, the client authentication methods of client-auth.ts with ES256
// client assertions, and the RFC 9207 `iss` authorization response parameter.
import type { Endpoints } from './deps.js';
import { GRANT_TYPES } from './token-endpoint.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];
const SIGNING_ALGS = ['ES256'];

export function metadataDocument(endpoints: Endpoints): Record<string, unknown> {
  return {
    issuer: endpoints.issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    revocation_endpoint: endpoints.revocation,
    introspection_endpoint: endpoints.introspection,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...GRANT_TYPES],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['read', 'write'],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: SIGNING_ALGS,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint_auth_signing_alg_values_supported: SIGNING_ALGS,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS.filter((m) => m !== 'none'),
    introspection_endpoint_auth_signing_alg_values_supported: SIGNING_ALGS,
    authorization_response_iss_parameter_supported: true,
  };
}

// Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3,
// RFC 7523 §2.2). @node-oauth/oauth2-server cannot do private_key_jwt, so the gateway
// authenticates every client itself, before the library runs (gateway/oauth/README.md §1.3):
// exactly one method per request, and only the method the application is registered for —
// client_secret_basic/post for secret apps, private_key_jwt for key apps, none for public
// (PKCE) apps. Every failure says the same thing; secrets are compared as hashes, timing-safe.
import type { OAuthClient } from '../../store/oauth/types.js';
import { parseAuthorization } from '../auth/credentials.js';
import { assertionSubject, verifyClientAssertion } from './client-assertion.js';
import type { Endpoints, OAuthDeps } from './deps.js';
import { oauthError } from './errors.js';

export type ClientAuthentication =
  'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

export interface ClientCredentialsInput {
  /** The Authorization header, or ''. */
  readonly authorization: string;
  readonly body: Readonly<Record<string, string>>;
  readonly endpoints: Endpoints;
}

export interface AuthenticatedClient {
  readonly client: OAuthClient;
  readonly method: ClientAuthentication;
}

const FAILED = 'Client authentication failed';

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function basicCredentials(header: string): { id: string; secret: string } | null {
  const credentials = parseAuthorization(header);
  if (credentials?.scheme !== 'basic') return null;
  const unescape = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: unescape(credentials.user), secret: unescape(credentials.secret) };
}

function methodOf(
  basic: { id: string } | null,
  body: Readonly<Record<string, string>>,
): ClientAuthentication {
  const used: ClientAuthentication[] = [];
  if (basic) used.push('client_secret_basic');
  if (body.client_secret !== undefined) used.push('client_secret_post');
  if (body.client_assertion !== undefined || body.client_assertion_type !== undefined)
    used.push('private_key_jwt');
  if (used.length > 1)
    throw oauthError(
      'invalid_request',
      'Use exactly one client authentication method (RFC 6749 §2.3)',
    );
  return used[0] ?? 'none';
}

/** The client id a request claims, before it is authenticated (for the rate limit). */
export function claimedClientId(
  authorization: string,
  body: Readonly<Record<string, string>>,
): string | null {
  return (
    basicCredentials(authorization)?.id ??
    body.client_id ??
    (assertionSubject(body.client_assertion) || null)
  );
}

export async function authenticateClient(
  deps: OAuthDeps,
  input: ClientCredentialsInput,
): Promise<AuthenticatedClient> {
  const basic = basicCredentials(input.authorization);
  const method = methodOf(basic, input.body);
  const clientId =
    basic?.id ??
    input.body.client_id ??
    (method === 'private_key_jwt' ? assertionSubject(input.body.client_assertion) : '');
  if (basic && input.body.client_id !== undefined && input.body.client_id !== basic.id) {
    throw oauthError(
      'invalid_request',
      'client_id differs from the client authenticated with HTTP Basic',
    );
  }
  if (clientId === '') throw oauthError('invalid_client', `${FAILED}: no client_id`);
  const client = await deps.access.activeClient(clientId);
  if (!client) throw oauthError('invalid_client', FAILED);
  if (method === 'client_secret_basic' || method === 'client_secret_post') {
    const secret = basic?.secret ?? input.body.client_secret ?? '';
    if (
      client.authMethod !== 'client_secret' ||
      !(await deps.oauth.clients.secretMatches(client.id, secret))
    )
      throw oauthError('invalid_client', FAILED);
  } else if (method === 'private_key_jwt') {
    if (client.authMethod !== 'private_key_jwt') throw oauthError('invalid_client', FAILED);
    await verifyClientAssertion(deps, client, input.body, [
      input.endpoints.issuer,
      input.endpoints.token,
    ]);
  } else if (client.authMethod !== 'none') {
    throw oauthError('invalid_client', `${FAILED}: this client must authenticate`);
  }
  return { client, method };
}

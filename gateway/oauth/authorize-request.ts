// RFC 6749 §4.1.1 authorization request, validated before anyone sees a consent page. Until the
// client and its exact redirect URI are known, errors are shown as a page and never redirected
// (§4.1.2.1, RFC 9700 §4.11 open redirectors); after that they go back to the client. PKCE with
// S256 is required of every client (RFC 9700 §2.1.1), `state` is required and echoed. The
// validated request is stored server-side so the consent form carries only its id.
import { randomBytes } from 'node:crypto';
import type { OAuthDeps } from './deps.js';
import { overRateLimit } from './endpoint.js';
import { redirectWith } from './redirects.js';
import { grantableScope } from './scopes.js';

export type AuthorizeQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

export type AuthorizeOutcome =
  | { readonly kind: 'page'; readonly status: number; readonly message: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'consent'; readonly requestId: string };

// RFC 6749 Appendix A.5 (state: VSCHAR); RFC 7636 §4.2 (S256 challenge: 43 base64url characters).
const VSCHAR = /^[\x20-\x7e]{1,500}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

const page = (status: number, message: string): AuthorizeOutcome => ({
  kind: 'page',
  status,
  message,
});

function single(query: AuthorizeQuery, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

interface Trusted {
  readonly clientId: string;
  readonly redirectUri: string;
}

/** The client and redirect URI, or the page to show when they cannot be trusted. */
async function trustedTarget(
  deps: OAuthDeps,
  query: AuthorizeQuery,
): Promise<Trusted | AuthorizeOutcome> {
  if (!(await deps.access.settings()).enabled)
    return page(403, 'External applications are switched off on this gateway.');
  const repeated = Object.entries(query).find(([, v]) => Array.isArray(v));
  if (repeated)
    return page(400, `The parameter ${repeated[0]} appears more than once (RFC 6749 §3.1).`);
  const clientId = single(query, 'client_id');
  const client = clientId ? await deps.access.activeClient(clientId) : null;
  if (!client) return page(400, 'The application is unknown or switched off.');
  if (client.type === 'service') return page(400, 'A service account cannot ask users for access.');
  const redirectUri = single(query, 'redirect_uri');
  if (!redirectUri) return page(400, 'The request has no redirect_uri.');
  if (!client.redirectUris.includes(redirectUri))
    return page(
      400,
      'The redirect_uri is not registered for this application (it must match exactly).',
    );
  return { clientId: client.id, redirectUri };
}

export async function startAuthorization(
  deps: OAuthDeps,
  query: AuthorizeQuery,
  issuer: string,
  ip: string | null,
): Promise<AuthorizeOutcome> {
  // Each request stores a row until it is answered or expires: bound per address (RFC 9700 §4.*).
  if (await overRateLimit(deps, [`oauth-authorize:addr:${ip ?? 'unknown'}`]))
    return page(429, 'Too many authorization requests from your address; try again in a minute.');
  const target = await trustedTarget(deps, query);
  if ('kind' in target) return target;
  const state = single(query, 'state');
  const fail = (error: string, description: string): AuthorizeOutcome => ({
    kind: 'redirect',
    location: redirectWith(target.redirectUri, {
      error,
      error_description: description,
      state,
      iss: issuer,
    }),
  });
  const responseType = single(query, 'response_type');
  if (responseType !== 'code')
    return fail(
      responseType ? 'unsupported_response_type' : 'invalid_request',
      'response_type must be code',
    );
  if (!state || !VSCHAR.test(state)) return fail('invalid_request', 'state is required');
  const challenge = single(query, 'code_challenge') ?? '';
  if (single(query, 'code_challenge_method') !== 'S256' || !CHALLENGE.test(challenge)) {
    return fail(
      'invalid_request',
      'PKCE is required: code_challenge with code_challenge_method=S256',
    );
  }
  const client = await deps.oauth.clients.require(target.clientId);
  const scope = grantableScope(client.scope, single(query, 'scope')?.split(' '));
  if (!scope) return fail('invalid_scope', `This application may ask for: ${client.scope}`);
  const requestId = randomBytes(24).toString('base64url');
  await deps.oauth.codes.savePending(
    requestId,
    {
      clientId: client.id,
      redirectUri: target.redirectUri,
      scope,
      state,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    },
    deps.options.consentTtlSeconds * 1000,
  );
  return { kind: 'consent', requestId };
}

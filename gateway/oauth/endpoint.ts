// What every client-facing endpoint (token, revocation, introspection) shares: the request and
// response as plain values, the server switch, the body format (RFC 6749 §3.2: form-encoded,
// no repeated parameters) and the rate limit per client and per address, counted in the
// database so replicas share it (RFC 6749 §10.10, RFC 9700 §4.* brute force).
import { claimedClientId } from './client-auth.js';
import { endpointsFor, type Endpoints, type OAuthDeps } from './deps.js';
import { oauthError } from './errors.js';

export interface EndpointRequest {
  /** scheme://host of the request (the issuer unless GATEWAY_OAUTH_ISSUER says otherwise). */
  readonly origin: string;
  readonly ip: string | null;
  readonly authorization: string;
  readonly contentType: string;
  readonly body: Readonly<Record<string, string>>;
  readonly bodyBytes: number;
  /** Parameters that appeared more than once. */
  readonly repeated: readonly string[];
}

export interface EndpointResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export const NO_STORE: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
});

export const RATE_WINDOW_MS = 60_000;

/** Counts one request against each key; true when any is over the per-minute limit. */
export async function overRateLimit(deps: OAuthDeps, keys: readonly string[]): Promise<boolean> {
  let over = false;
  for (const key of keys)
    if ((await deps.oauth.guards.hit(key, RATE_WINDOW_MS)) > deps.options.tokenRateLimit)
      over = true;
  return over;
}

async function limit(deps: OAuthDeps, req: EndpointRequest): Promise<void> {
  const clientId = claimedClientId(req.authorization, req.body);
  const keys = [
    `oauth:addr:${req.ip ?? 'unknown'}`,
    ...(clientId ? [`oauth:client:${clientId.slice(0, 100)}`] : []),
  ];
  if (await overRateLimit(deps, keys)) {
    throw oauthError(
      'temporarily_unavailable',
      'Too many requests; slow down and retry in a minute',
      { retryAfterSeconds: RATE_WINDOW_MS / 1000 },
    );
  }
}

/** Checks run before any client is looked up; returns the endpoints for client authentication. */
export async function guardClientEndpoint(
  deps: OAuthDeps,
  req: EndpointRequest,
): Promise<Endpoints> {
  await limit(deps, req);
  // While switched off every client is as good as unknown (RFC 6749 §5.2 invalid_client).
  if (!(await deps.access.settings()).enabled)
    throw oauthError('invalid_client', 'OAuth2 is switched off on this gateway');
  if (!req.contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw oauthError(
      'invalid_request',
      'The body must be application/x-www-form-urlencoded (RFC 6749 §3.2)',
    );
  }
  if (req.repeated.length > 0)
    throw oauthError(
      'invalid_request',
      `Parameter ${req.repeated[0] ?? ''} is repeated (RFC 6749 §3.2)`,
    );
  return endpointsFor(deps.options, req.origin);
}

/** The body the library sees: no client credentials, client_id set to the authenticated client. */
export function withoutCredentials(
  body: Readonly<Record<string, string>>,
  clientId: string,
): Record<string, string> {
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(body))
    if (!['client_secret', 'client_assertion', 'client_assertion_type'].includes(k)) rest[k] = v;
  return { ...rest, client_id: clientId };
}

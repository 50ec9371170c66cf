// OAuth errors as GatewayErrors, and their RFC 6749 §5.2 rendering: a JSON body
// {"error","error_description"} with the status the RFC asks for: 400, except invalid_client
// after an Authorization header (401 with a WWW-Authenticate challenge, "MUST"), and 429 for the
// rate limit. A 401 without a challenge would break HTTP, so other methods get 400. Library errors
// (@node-oauth/oauth2-server OAuthError: `name` is the code, `code` the status) map the same way.
import { GatewayError, type GatewayErrorKind, type OAuthErrorCode } from '../../store/errors.js';

export type { OAuthErrorCode };

const CODES: ReadonlySet<string> = new Set<OAuthErrorCode>([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'unsupported_token_type',
]);

export interface OAuthErrorExtra {
  /** A status the RFC does not name, such as 413 for a body over the limit. */
  readonly status?: number;
  /** Makes the error a 429 Too Many Requests (RFC 6585 §4) with this Retry-After. */
  readonly retryAfterSeconds?: number;
}

export function oauthError(
  code: OAuthErrorCode,
  description: string,
  extra: OAuthErrorExtra = {},
): GatewayError {
  const kind: GatewayErrorKind =
    extra.retryAfterSeconds !== undefined
      ? 'rate_limited'
      : code === 'invalid_client'
        ? 'unauthenticated'
        : code === 'access_denied'
          ? 'forbidden'
          : code === 'server_error'
            ? 'internal'
            : code === 'temporarily_unavailable'
              ? 'unavailable'
              : 'invalid_input';
  return new GatewayError(kind, description, {
    oauth: { error: code, status: extra.status },
    retryAfterSeconds: extra.retryAfterSeconds,
  });
}

export interface RenderedOAuthError {
  readonly status: number;
  readonly body: { readonly error: OAuthErrorCode; readonly error_description: string };
  readonly headers: Readonly<Record<string, string>>;
  /** True when the cause is a bug to log (never a client mistake). */
  readonly internal: boolean;
}

function kindToCode(kind: GatewayErrorKind): OAuthErrorCode {
  if (kind === 'unauthenticated') return 'invalid_client';
  if (kind === 'forbidden') return 'access_denied';
  if (kind === 'unavailable' || kind === 'rate_limited') return 'temporarily_unavailable';
  if (kind === 'internal') return 'server_error';
  return 'invalid_request';
}

function isOAuthErrorCode(name: string): name is OAuthErrorCode {
  return CODES.has(name);
}

function libraryError(err: unknown): { code: OAuthErrorCode; message: string } | null {
  const e = err as { name?: unknown; message?: unknown; code?: unknown };
  if (typeof e.name !== 'string' || typeof e.code !== 'number' || !isOAuthErrorCode(e.name))
    return null;
  return { code: e.name, message: typeof e.message === 'string' ? e.message : e.name };
}

export function renderOAuthError(err: unknown, basicAttempted = false): RenderedOAuthError {
  let code: OAuthErrorCode = 'server_error';
  let message = 'Internal error';
  let explicitStatus: number | undefined;
  let retryAfterSeconds: number | undefined;
  if (err instanceof GatewayError) {
    code = err.details.oauth?.error ?? kindToCode(err.kind);
    message = err.kind === 'internal' ? 'Internal error' : err.message;
    explicitStatus = err.details.oauth?.status ?? (err.kind === 'rate_limited' ? 429 : undefined);
    retryAfterSeconds = err.details.retryAfterSeconds;
  } else {
    const lib = libraryError(err);
    if (lib && lib.code !== 'server_error') ({ code, message } = lib);
  }
  const status =
    explicitStatus ??
    (code === 'invalid_client' && basicAttempted ? 401 : code === 'server_error' ? 500 : 400);
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="oauth2"';
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return {
    status,
    body: { error: code, error_description: message },
    headers,
    internal: code === 'server_error',
  };
}

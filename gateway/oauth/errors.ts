// OAuth errors as GatewayErrors, and their RFC 6749 §5.2 rendering: a JSON body
// {"error","error_description"} with the status the RFC asks for: 400, except invalid_client
// after an Authorization header (401 with a WWW-Authenticate challenge, "MUST"), and 429 for the
// rate limit. A 401 without a challenge would break HTTP, so other methods get 400. Library errors
// (@node-oauth/oauth2-server OAuthError: `name` is the code, `code` the status) map the same way.
import { GatewayError } from '../../store/errors.js';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'unsupported_token_type';

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
  readonly status?: number;
  readonly retryAfterSeconds?: number;
}

export function oauthError(
  code: OAuthErrorCode,
  description: string,
  extra: OAuthErrorExtra = {},
): GatewayError {
  const kind =
    code === 'invalid_client'
      ? 'unauthenticated'
      : code === 'access_denied'
        ? 'forbidden'
        : code === 'server_error'
          ? 'internal'
          : code === 'temporarily_unavailable'
            ? 'unavailable'
            : 'invalid_input';
  return new GatewayError(kind, description, { oauthError: code, ...extra });
}

export interface RenderedOAuthError {
  readonly status: number;
  readonly body: { readonly error: OAuthErrorCode; readonly error_description: string };
  readonly headers: Readonly<Record<string, string>>;
  /** True when the cause is a bug to log (never a client mistake). */
  readonly internal: boolean;
}

function kindToCode(kind: string): OAuthErrorCode {
  if (kind === 'unauthenticated') return 'invalid_client';
  if (kind === 'forbidden') return 'access_denied';
  if (kind === 'unavailable') return 'temporarily_unavailable';
  if (kind === 'internal') return 'server_error';
  return 'invalid_request';
}

function libraryError(err: unknown): { code: OAuthErrorCode; message: string } | null {
  const e = err as { name?: unknown; message?: unknown; code?: unknown };
  if (typeof e.name !== 'string' || typeof e.code !== 'number' || !CODES.has(e.name)) return null;
  return {
    code: e.name as OAuthErrorCode,
    message: typeof e.message === 'string' ? e.message : e.name,
  };
}

export function renderOAuthError(err: unknown, basicAttempted = false): RenderedOAuthError {
  let code: OAuthErrorCode = 'server_error';
  let message = 'Internal error';
  let extra: OAuthErrorExtra = {};
  if (err instanceof GatewayError) {
    const given = err.details.oauthError;
    code =
      typeof given === 'string' && CODES.has(given)
        ? (given as OAuthErrorCode)
        : kindToCode(err.kind);
    message = err.kind === 'internal' ? 'Internal error' : err.message;
    extra = err.details as OAuthErrorExtra;
  } else {
    const lib = libraryError(err);
    if (lib && lib.code !== 'server_error') ({ code, message } = lib);
  }
  const status =
    extra.status ??
    (code === 'invalid_client' && basicAttempted ? 401 : code === 'server_error' ? 500 : 400);
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="oauth2"';
  if (extra.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(extra.retryAfterSeconds);
  return {
    status,
    body: { error: code, error_description: message },
    headers,
    internal: code === 'server_error',
  };
}

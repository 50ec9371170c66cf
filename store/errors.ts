// One typed error set for the whole gateway. Cores, repositories and adapters throw GatewayError
// with a `kind`; each protocol edge renders it in its own dialect (webservice JSON, OAuth RFC 6749
// §5.2, CalDAV <d:error>, CommerceML "failure", console HTML), so cores never know about HTTP.
// It lives in store/ because store/ and adapters/ may not import gateway/; gateway/errors.ts
// re-exports it.

export type GatewayErrorKind =
  | 'invalid_input' // the caller sent something malformed or out of range
  | 'mandatory_missing' // a mandatory field has no value
  | 'unauthenticated' // no or bad credentials
  | 'forbidden' // authenticated but not allowed (visibility, admin-only)
  | 'not_found' // no such record/module/user
  | 'method_not_allowed' // the resource exists but not for this method (`allow` lists the others)
  | 'conflict' // unique value taken, record changed concurrently
  | 'precondition_failed' // a conditional request's If-Match / If-None-Match did not hold
  | 'too_large' // a body or file above its limit
  | 'unsupported' // a feature or format the gateway does not speak
  | 'rate_limited' // too many requests; `retryAfterSeconds` says when to come back
  | 'unavailable' // a dependency (database, remote server) is down
  | 'internal'; // a bug: logged with its stack, shown without details

// RFC 9110 §15 for each status; 429 is RFC 6585 §4.
const HTTP_STATUS: Record<GatewayErrorKind, number> = {
  invalid_input: 400,
  mandatory_missing: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** A WebDAV precondition or postcondition element (RFC 4918 §16), e.g. DAV:valid-sync-token. */
export interface DavCondition {
  readonly ns: string;
  readonly name: string;
}

/** The error codes of RFC 6749 §5.2 and §4.1.2.1, RFC 7009 §2.2.1 (unsupported_token_type). */
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

/**
 * What an edge needs beyond the kind and message to render an error in its dialect. The
 * top-level fields mean the same on every edge; each dialect's own answer sits under its name
 * and is read only by that edge's renderer.
 */
export interface ErrorDetails {
  /** The one field (form or record field, query column) the error is about. */
  readonly field?: string;
  /** Every mandatory field without a value. */
  readonly fields?: readonly string[];
  /** A message per form field, for a form shown again with its mistakes. */
  readonly errors?: Readonly<Record<string, string>>;
  /** The configuration setting at fault. */
  readonly setting?: string;
  /** The methods the resource allows, sent as Allow with a 405 (RFC 9110 §10.2.1). */
  readonly allow?: string;
  /** Sent as Retry-After (RFC 9110 §10.2.3) with a 429 or 503. */
  readonly retryAfterSeconds?: number;
  /** CalDAV / WebDAV: the DAV:error element (RFC 4918 §16); `href` names a conflicting resource. */
  readonly dav?: { readonly precondition?: DavCondition; readonly href?: string | null };
  /** vtiger webservice: the error code of {"success":false,"error":{"code","message"}}. */
  readonly ws?: { readonly code: string };
  /** OAuth: the RFC 6749 §5.2 code, and a status where the RFC leaves it open. */
  readonly oauth?: { readonly error: OAuthErrorCode; readonly status?: number };
  /** vtenext REST: the HTTP status and exception class of {"status","error","message"}. */
  readonly vtenext?: { readonly status: number; readonly exception: string };
}

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.kind];
  }
}

export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}

/** Wraps anything thrown into a GatewayError; unknown errors become `internal`. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new GatewayError('internal', message);
}

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
  | 'conflict' // unique value taken, record changed concurrently
  | 'too_large' // a body or file above its limit
  | 'unsupported' // a feature or format the gateway does not speak
  | 'unavailable' // a dependency (database, remote server) is down
  | 'internal'; // a bug: logged with its stack, shown without details

const HTTP_STATUS: Record<GatewayErrorKind, number> = {
  invalid_input: 400,
  mandatory_missing: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  unavailable: 503,
  internal: 500,
};

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
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

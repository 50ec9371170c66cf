// The typed failures of the CalDAV client bridge. `code` says what the sync engine should do:
// `invalid_sync_token` → full resync (RFC 6578 §3.2), `precondition_failed` → conflict handling
// (RFC 4918 §12.1, If-Match), `rate_limited` → the link runs again once the server's Retry-After
// has passed (RFC 6585 §4, RFC 9110 §10.2.3), the rest are recorded on the link and retried with backoff.
export type CaldavErrorCode =
  | 'invalid_sync_token'
  | 'precondition_failed'
  | 'not_found'
  | 'unauthorized'
  | 'no_sync_support'
  | 'malformed'
  | 'http_status'
  | 'rate_limited'
  | 'network';

export class CaldavError extends Error {
  override readonly name = 'CaldavError';
  /** For rate_limited: how long the server asked to wait. */
  readonly retryAfterMs: number | null;

  constructor(
    readonly code: CaldavErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}

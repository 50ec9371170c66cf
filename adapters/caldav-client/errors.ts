// The typed failures of the CalDAV client bridge. `code` says what the sync engine should do:
// `invalid_sync_token` → full resync (RFC 6578 §3.2), `precondition_failed` → conflict handling
// (RFC 4918 §12.1, If-Match), the rest are recorded on the link and retried with backoff.
export type CaldavErrorCode =
  | 'invalid_sync_token'
  | 'precondition_failed'
  | 'not_found'
  | 'unauthorized'
  | 'no_sync_support'
  | 'malformed'
  | 'http_status'
  | 'network';

export class CaldavError extends Error {
  override readonly name = 'CaldavError';

  constructor(
    readonly code: CaldavErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// A DAV client's failures (adapters/caldav-client.ts CaldavError, also thrown by the CardDAV
// client) in the sync engine's terms (sync/provider.ts SyncErrorKind), for calendar and contact
// links alike: an invalid sync token (RFC 6578 §3.2) restarts from a full listing, 412 is a
// conflict, 401/403 an authorisation problem, 429/503 with Retry-After a rate limit.
import { CaldavError } from '../../../adapters/caldav-client.js';
import { SyncError, type SyncErrorKind } from '../../provider.js';

const KIND: Readonly<Record<string, SyncErrorKind>> = {
  invalid_sync_token: 'invalid_cursor',
  precondition_failed: 'precondition_failed',
  not_found: 'not_found',
  unauthorized: 'auth',
  rate_limited: 'rate_limited',
};

/** The client's failures in the engine's terms; the message stays the server's story. */
export function syncErrorOf(err: unknown): unknown {
  if (!(err instanceof CaldavError)) return err;
  return new SyncError(KIND[err.code] ?? 'transient', err.message, err.retryAfterMs, {
    cause: err,
  });
}

export async function withSyncErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw syncErrorOf(err);
  }
}

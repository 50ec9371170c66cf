// The contract every remote system meets to be synchronised by the engine (engine.ts), whatever
// its protocol: a change feed behind an opaque cursor, batch reads, and writes guarded by the
// version the engine last saw, so a write never overwrites a change it has not seen (RFC 9110
// §13.1.1 for HTTP remotes). Errors are typed by what the engine must do about them.

/** A remote item as the change feed names it: its id and current version (etag, change key). */
export interface ItemVersion {
  readonly id: string;
  readonly version: string | null;
}

export interface ChangeSet {
  readonly changed: readonly ItemVersion[];
  readonly removed: readonly string[];
  /** Where the next call starts; stored only once every item of the run went through. */
  readonly cursor: string;
  /** More changes wait: ask again with `cursor` in the same run. */
  readonly truncated: boolean;
  /**
   * The answer lists every item, whatever the cursor (a remote without a change feed): what the
   * link knows but the listing leaves out was removed there, as after a full listing.
   */
  readonly complete?: boolean;
}

/** A remote item with its raw content (iCalendar text, JSON ...), as the item mapping reads it. */
export interface RemoteItem {
  readonly id: string;
  readonly version: string | null;
  readonly raw: string;
}

export interface RemoteProvider {
  /** Changes since `cursor`; null asks for everything (a full listing). */
  changes(cursor: string | null): Promise<ChangeSet>;
  /** Current content of the given items; ones that no longer exist are left out. */
  fetch(ids: readonly string[]): Promise<RemoteItem[]>;
  /** Creates an item named after `uid`; `precondition_failed` when one already exists there. */
  create(uid: string, raw: string): Promise<ItemVersion>;
  /** Replaces an item if it is still at `ifVersion` (null: if it does not exist); its new version. */
  update(id: string, raw: string, ifVersion: string | null): Promise<string | null>;
  /** Removes an item if still at `ifVersion` (null: whatever its version); gone already counts as removed. */
  remove(id: string, ifVersion: string | null): Promise<void>;
}

/**
 * invalid_cursor: full resync; precondition_failed: changed remotely, resolve the conflict;
 * not_found: the collection or item is gone; auth: credentials refused; rate_limited: the remote
 * asked to wait (the link is rescheduled, never slept on); transient: network or server trouble.
 */
export type SyncErrorKind =
  'invalid_cursor' | 'precondition_failed' | 'not_found' | 'auth' | 'rate_limited' | 'transient';

export class SyncError extends Error {
  override readonly name = 'SyncError';

  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    /** For rate_limited: how long the remote asked to wait. */
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isSyncError = (err: unknown, kind: SyncErrorKind): err is SyncError =>
  err instanceof SyncError && err.kind === kind;

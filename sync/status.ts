// What the engine remembers per link between runs (vdirsyncer calls it the status): each remote
// item as last exchanged (id, version, raw content, uid, the hash of the synced fields) and the
// link's positions (remote cursor, change-log sequence). Writes take the caller's transaction so
// a record and what is known of its remote copy commit together.
import type { Knex } from 'knex';
import type { LinkCounts } from './tally.js';

export interface ObjectStatus {
  readonly remoteId: string;
  readonly recordId: number | null;
  readonly uid: string;
  readonly version: string | null;
  readonly raw: string;
  readonly contentHash: string;
}

export interface LinkProgress {
  readonly cursor?: string | null;
  readonly lastSeq?: number;
  readonly firstSyncDone?: boolean;
}

export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export interface StatusStore {
  object(linkId: number, remoteId: string, knex?: Knex): Promise<ObjectStatus | null>;
  objectByUid(linkId: number, uid: string): Promise<ObjectStatus | null>;
  objectForRecord(linkId: number, recordId: number): Promise<ObjectStatus | null>;
  objects(linkId: number): Promise<ObjectStatus[]>;
  saveObject(linkId: number, obj: ObjectStatus, module: string, knex?: Knex): Promise<void>;
  removeObject(linkId: number, remoteId: string, knex?: Knex): Promise<void>;
  progress(linkId: number, p: LinkProgress): Promise<void>;
}

/** A link as the scheduler and the engine see it, whatever its system. */
export interface SyncLink {
  readonly id: number;
  readonly userId: number;
  readonly active: boolean;
  readonly cursor: string | null;
  readonly lastSeq: number;
  readonly firstSyncDone: boolean;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly pullRequestedAt: string | null;
}

/** The links of one bridge: what the engine reads and records about them besides item status. */
export interface LinkBook extends StatusStore {
  link(id: number): Promise<SyncLink>;
  activeLinks(userId?: number): Promise<SyncLink[]>;
  /** Whether some active link out of backoff at `at` has a first sync, a pull or changes due. */
  anyPending(at: string): Promise<boolean>;
  /** Clears the error and backoff; `pulled` runs also set the last sync time. */
  succeeded(id: number, counts: LinkCounts, now: Date, pulled: boolean): Promise<void>;
  /** Records the error and the next try after a growing backoff. */
  failed(id: number, error: string, now: Date, backoff: Backoff): Promise<void>;
  /** The remote asked to wait: the next run is not before `until`; not counted as a failure. */
  deferred(id: number, error: string, until: Date): Promise<void>;
  requestPull(id: number, now: Date): Promise<void>;
}

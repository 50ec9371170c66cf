// What one run of the engine for one link works with: the CRM store, the link's status, the
// remote (provider) and how its items map to records. The engine itself knows no protocol.
import type { Store } from '../store/store.js';
import type { Actor, Owner } from '../store/types.js';
import type { ItemMapping } from './mapping.js';
import type { RemoteProvider } from './provider.js';
import type { StatusStore } from './status.js';
import type { ConflictNote, Tally } from './tally.js';

/**
 * Which way a link carries changes (sync/README.md "Directions"): `to-remote` never writes CRM
 * records from the remote and wins every conflict; `from-remote` never writes the remote and
 * loses every conflict to it; `both` lets the newer change win.
 */
export type Direction = 'both' | 'to-remote' | 'from-remote';

/** The link as a run sees it: whose records, and where the last run left off. */
export interface LinkPosition {
  readonly id: number;
  readonly userId: number;
  readonly cursor: string | null;
  readonly lastSeq: number;
  readonly firstSyncDone: boolean;
}

export interface RunContext<F = unknown, P = unknown> {
  readonly store: Store;
  readonly status: StatusStore;
  readonly provider: RemoteProvider;
  readonly mapping: ItemMapping<F, P>;
  readonly direction: Direction;
  /** Whose records the link carries: the linked user's, or a group's (sync/README.md). */
  readonly owner: Owner;
  readonly link: LinkPosition;
  /** The linked user; records are written as them, with every record of theirs in reach. */
  readonly actor: Actor;
  readonly now: () => number;
  readonly signal: AbortSignal | undefined;
  readonly tally: Tally;
  readonly conflicts: ConflictNote<F>[];
  /** Items that could not be read or written: the run ends with an error, the cursor stays. */
  readonly problems: string[];
}

export function checkAborted(ctx: Pick<RunContext, 'signal'>): void {
  if (ctx.signal?.aborted)
    throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('sync aborted');
}

export const utcMs = (stamp: string): number => Date.parse(stamp.replace(' ', 'T') + 'Z');

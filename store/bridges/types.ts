// Domain shapes of bridge links (migration 0014), whatever the bridge. Row shapes stay in the
// repositories. A link's system-specific settings (user name, OAuth endpoints ...) are a string map
// the bridge reads; its secrets are sealed (store/secrets.ts) and never part of a BridgeLink.

/** What one run of a link did, as the console shows it. */
export interface LinkCounts {
  readonly pulledCreated: number;
  readonly pulledUpdated: number;
  readonly pulledDeleted: number;
  readonly pushedCreated: number;
  readonly pushedUpdated: number;
  readonly pushedDeleted: number;
  readonly conflicts: number;
  readonly failed: number;
}

export const NO_COUNTS: LinkCounts = Object.freeze({
  pulledCreated: 0,
  pulledUpdated: 0,
  pulledDeleted: 0,
  pushedCreated: 0,
  pushedUpdated: 0,
  pushedDeleted: 0,
  conflicts: 0,
  failed: 0,
});

export interface BridgeLink {
  readonly id: number;
  readonly system: string;
  readonly userId: number;
  readonly kind: string;
  readonly endpoint: string;
  readonly settings: Readonly<Record<string, string | null>>;
  /** The linked remote collection (null until discovery chose one), its cursor and the last change-log seq pushed. */
  readonly collection: string | null;
  readonly cursor: string | null;
  readonly lastSeq: number;
  readonly active: boolean;
  readonly firstSyncDone: boolean;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
  readonly failures: number;
  readonly nextAttemptAt: string | null;
  readonly lastCounts: LinkCounts | null;
  readonly pullRequestedAt: string | null;
  readonly createdAt: string;
}

/** What every bridge's link shows of its row and health, whatever its own settings. */
export type LinkState = Pick<
  BridgeLink,
  | 'id'
  | 'userId'
  | 'active'
  | 'firstSyncDone'
  | 'lastSyncAt'
  | 'lastError'
  | 'failures'
  | 'nextAttemptAt'
  | 'lastCounts'
  | 'createdAt'
>;

export const linkState = (l: BridgeLink): LinkState => ({
  id: l.id,
  userId: l.userId,
  active: l.active,
  firstSyncDone: l.firstSyncDone,
  lastSyncAt: l.lastSyncAt,
  lastError: l.lastError,
  failures: l.failures,
  nextAttemptAt: l.nextAttemptAt,
  lastCounts: l.lastCounts,
  createdAt: l.createdAt,
});

export interface NewBridgeLink {
  readonly userId: number;
  readonly kind: string;
  readonly endpoint: string;
  readonly settings: Readonly<Record<string, string | null>>;
  readonly collection?: string | null;
  /** Sealed before they reach a row, bound to the link's id. */
  readonly secrets: unknown;
}

export interface BridgeProgress {
  readonly collection?: string;
  readonly cursor?: string | null;
  readonly lastSeq?: number;
  readonly firstSyncDone?: boolean;
}

/** One remote item as last exchanged. */
export interface BridgeObject {
  readonly remoteId: string;
  readonly recordId: number | null;
  readonly uid: string;
  readonly version: string | null;
  readonly raw: string;
  readonly contentHash: string;
}

// How many catalog items go into one transaction. SQLite has one connection (store/db.ts), so
// while a batch is written every other request (REST, OAuth, /readyz) waits for it: there a batch
// is sized from the time the previous ones took per item, to commit about every TARGET_MS (100 ms) and let
// the waiting requests through between batches (gateway/commerceml/README.md §6.8). PostgreSQL
// has a pool and row locks, so it keeps the largest batch, the cheapest per item.
export const MAX_BATCH = 1000;
/** The aimed-at length of one SQLite batch transaction, ms. */
export const TARGET_MS = 100;
const MIN_BATCH = 10;
/** The pause after a SQLite batch, as a share of its time (the import's cost), and its cap. */
const PAUSE_SHARE = 0.25;
const PAUSE_MAX_MS = 25;

export class BatchSize {
  private size: number;

  constructor(private readonly adaptive: boolean) {
    // The first batch on SQLite is a probe: its cost per item is not known yet.
    this.size = adaptive ? 100 : MAX_BATCH;
  }

  get current(): number {
    return this.size;
  }

  /**
   * After a batch of `items` items that took `ms`: sizes the next one, and on SQLite returns how
   * long to leave the connection free before it. A request runs several queries one after the
   * other (session, then records); without the pause the next batch takes the connection
   * between two of them, and the request waits one batch per query
   * (test/gateway/commerceml/import-concurrency.test.ts, REST p99).
   */
  record(items: number, ms: number): number {
    if (!this.adaptive || items === 0) return 0;
    const perItem = Math.max(ms, 1) / items;
    // At most double at a time: one cheap batch (all items unchanged) says little about the next.
    const next = Math.min(2 * this.size, MAX_BATCH, Math.floor(TARGET_MS / perItem));
    this.size = Math.max(MIN_BATCH, next);
    return Math.min(PAUSE_MAX_MS, ms * PAUSE_SHARE);
  }
}

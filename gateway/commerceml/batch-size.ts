// How many catalog items go into one transaction. SQLite has one connection (store/db.ts), so
// while a batch is written every other request (REST, OAuth, /readyz) waits for it: there a batch
// is sized from the time the previous ones took per item, to commit about every TARGET_MS (100 ms) and let
// the waiting requests through between batches (gateway/commerceml/README.md §6.8). PostgreSQL
// has a pool and row locks, so it keeps the largest batch, the cheapest per item.
export const MAX_BATCH = 1000;
/** The aimed-at length of one SQLite batch transaction, ms. */
export const TARGET_MS = 100;
const MIN_BATCH = 10;

export class BatchSize {
  private size: number;

  constructor(private readonly adaptive: boolean) {
    // The first batch on SQLite is a probe: its cost per item is not known yet.
    this.size = adaptive ? 100 : MAX_BATCH;
  }

  get current(): number {
    return this.size;
  }

  /** After a batch of `items` items that took `ms`: the size of the next one. */
  record(items: number, ms: number): void {
    if (!this.adaptive || items === 0) return;
    const perItem = Math.max(ms, 1) / items;
    // At most double at a time: one cheap batch (all items unchanged) says little about the next.
    const next = Math.min(2 * this.size, MAX_BATCH, Math.floor(TARGET_MS / perItem));
    this.size = Math.max(MIN_BATCH, next);
  }
}

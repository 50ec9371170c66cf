// Delta rounds as Graph runs them (Graph docs, "delta query overview" and "event: delta"): the first
// call lists what is there (calendarView/delta within its startDateTime/endDateTime window), page by
// page with `@odata.nextLink`; the last page carries `@odata.deltaLink`, whose token later yields only
// what changed since, with removed items as `{"id", "@removed": {"reason": "deleted"}}`. Tokens are
// kept here; `expire()` forgets them all, and an old token then answers 410 syncStateNotFound.
import { randomBytes } from 'node:crypto';
import { eventSpan } from './render.js';
import type { Item, Kind, Mailbox } from './store.js';

export interface Window {
  readonly startMs: number;
  readonly endMs: number;
}

interface RoundState {
  readonly mailbox: string;
  readonly kind: Kind;
  readonly folder: string;
  readonly window: Window | null;
  /** Items still to hand out (ids) and removed ids, for a running round. */
  readonly pending: string[];
  readonly removed: string[];
  /** The mailbox's change sequence the round is at. */
  readonly seq: number;
}

export interface DeltaPage {
  readonly items: Item[];
  readonly removed: string[];
  /** A skip token for the next page, or null: then `deltaToken` is set. */
  readonly skipToken: string | null;
  readonly deltaToken: string | null;
}

export class DeltaTokens {
  private readonly rounds = new Map<string, RoundState>();
  private readonly finished = new Map<
    string,
    { seq: number; window: Window | null; kind: Kind; folder: string; mailbox: string }
  >();

  private token(): string {
    return randomBytes(18).toString('base64url');
  }

  private inWindow(item: Item, window: Window | null): boolean {
    if (window === null || item.kind !== 'event') return true;
    const span = eventSpan(item);
    if (!span) return false;
    if (item.data['recurrence']) return span.startMs < window.endMs;
    return span.startMs < window.endMs && span.endMs >= window.startMs;
  }

  /** A new round listing everything of `kind` in `folder` (within the window for events). */
  start(box: Mailbox, kind: Kind, folder: string, window: Window | null): string {
    const pending = box
      .ofKind(kind, folder)
      .filter((i) => this.inWindow(i, window))
      .sort((a, b) => a.seq - b.seq)
      .map((i) => i.id);
    return this.keep({
      mailbox: box.address,
      kind,
      folder,
      window,
      pending,
      removed: [],
      seq: box.seq,
    });
  }

  /** A round of what changed since a delta token; null when the token is unknown (expired). */
  since(box: Mailbox, deltaToken: string): string | null {
    const at = this.finished.get(deltaToken);
    if (!at || at.mailbox !== box.address) return null;
    const changed = [...box.items.values()]
      .filter(
        (i) =>
          i.kind === at.kind &&
          i.folder === at.folder &&
          i.seq > at.seq &&
          this.inWindow(i, at.window),
      )
      .sort((a, b) => a.seq - b.seq)
      .map((i) => i.id);
    const removed = box.tombstones
      .filter((t) => t.kind === at.kind && t.folder === at.folder && t.seq > at.seq)
      .map((t) => t.id);
    return this.keep({ ...at, pending: changed, removed, seq: box.seq });
  }

  private keep(state: RoundState): string {
    const t = this.token();
    this.rounds.set(t, state);
    return t;
  }

  /** The next page of a round; null when the skip token is unknown. */
  page(box: Mailbox, skipToken: string, size: number, empty = false): DeltaPage | null {
    const state = this.rounds.get(skipToken);
    if (!state || state.mailbox !== box.address) return null;
    this.rounds.delete(skipToken);
    if (empty) return { items: [], removed: [], skipToken: this.keep(state), deltaToken: null };
    const ids = state.pending.slice(0, size);
    const rest = state.pending.slice(size);
    const items = ids.map((id) => box.items.get(id)).filter((i): i is Item => i !== undefined);
    const removed = rest.length === 0 ? state.removed : [];
    if (rest.length > 0)
      return {
        items,
        removed,
        skipToken: this.keep({ ...state, pending: rest }),
        deltaToken: null,
      };
    const deltaToken = this.token();
    this.finished.set(deltaToken, {
      seq: state.seq,
      window: state.window,
      kind: state.kind,
      folder: state.folder,
      mailbox: state.mailbox,
    });
    return { items, removed, skipToken: null, deltaToken };
  }

  /** Forgets every token, as Exchange does after a while: old delta links answer 410. */
  expire(): void {
    this.rounds.clear();
    this.finished.clear();
  }
}

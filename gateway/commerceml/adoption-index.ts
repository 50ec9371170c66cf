// Adoption on a first exchange (gateway/commerceml/README.md §2.2): a 1C item without a link takes
// an unlinked CRM record with the same name and article instead of creating a duplicate. The
// unlinked records are read once per import and kept by (name, article), so each item costs one
// map look-up instead of a scan of the module's table (test/gateway/commerceml/adoption.test.ts);
// the candidates a batch picks are re-checked in its transaction, one query per batch, because
// other requests may delete, link or rename records between batches.
import type { Knex } from 'knex';
import {
  adoptableRecords,
  type AdoptionFields,
  type AdoptionRow,
} from '../../store/commerceml/link-batch.js';
import type { SyncLinkRepository } from '../../store/sync-links.js';

const keyOf = (name: string, code: string): string => `${name}\u0000${code}`;

export interface AdoptionWanted {
  readonly name: string;
  /** The article; '' or null matches a record without one. */
  readonly code: string | null;
}

export class AdoptionIndex {
  /**
   * (name, article) → unlinked record ids, ascending, and how many of them are used up: the
   * lowest id left is adopted first.
   */
  private readonly byKey = new Map<string, { readonly ids: number[]; head: number }>();

  private constructor(
    private readonly links: SyncLinkRepository,
    private readonly target: {
      readonly module: string;
      readonly table: string;
      readonly system: string;
    },
    readonly fields: AdoptionFields,
    rows: readonly AdoptionRow[],
  ) {
    for (const r of rows) {
      const key = keyOf(r.name, r.code);
      const entry = this.byKey.get(key);
      if (entry) entry.ids.push(r.id);
      else this.byKey.set(key, { ids: [r.id], head: 0 });
    }
  }

  static async load(
    knex: Knex,
    links: SyncLinkRepository,
    target: { readonly module: string; readonly table: string; readonly system: string },
    fields: AdoptionFields,
  ): Promise<AdoptionIndex> {
    return new AdoptionIndex(
      links,
      target,
      fields,
      await adoptableRecords(knex, links, target, fields),
    );
  }

  /**
   * The record each wanted item adopts, or null: distinct records, lowest id first per (name,
   * article). A candidate found deleted, linked or renamed in `trx` is dropped and the next one
   * tried. Adopted ids leave the index, so no later item takes them again.
   */
  async claim(
    trx: Knex.Transaction,
    wanted: readonly AdoptionWanted[],
  ): Promise<(number | null)[]> {
    const out: (number | null)[] = wanted.map(() => null);
    const keys = wanted.map((w) => keyOf(w.name, w.code ?? ''));
    let open = wanted.map((_, i) => i).filter((i) => this.byKey.has(keys[i] ?? ''));
    while (open.length > 0) {
      const taken = new Map<string, number>();
      const picks = new Map<number, number>();
      for (const i of open) {
        const key = keys[i] ?? '';
        const entry = this.byKey.get(key);
        const at = (entry?.head ?? 0) + (taken.get(key) ?? 0);
        const id = entry?.ids[at];
        if (id === undefined) continue;
        taken.set(key, (taken.get(key) ?? 0) + 1);
        picks.set(i, id);
      }
      if (picks.size === 0) break;
      const fresh = new Map(
        (
          await adoptableRecords(trx, this.links, this.target, this.fields, [...picks.values()])
        ).map((r) => [r.id, keyOf(r.name, r.code)]),
      );
      for (const [key, n] of taken) this.useUp(key, n);
      const retry: number[] = [];
      for (const [i, id] of picks) {
        const key = keys[i] ?? '';
        if (fresh.get(id) === key) out[i] = id;
        else retry.push(i);
      }
      open = retry;
    }
    return out;
  }

  /** Candidates are taken from the front of their list, adopted or found stale alike. */
  private useUp(key: string, n: number): void {
    const entry = this.byKey.get(key);
    if (!entry) return;
    entry.head += n;
    if (entry.head >= entry.ids.length) this.byKey.delete(key);
  }
}

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
import type { FieldValues } from '../../store/types.js';

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
    // The wanted items per (name, article), in their order; each round gives every key's open
    // items as many next candidates, and the ones still adoptable go to the first items.
    let open = new Map<string, number[]>();
    wanted.forEach((w, i) => {
      const key = keyOf(w.name, w.code ?? '');
      if (this.byKey.has(key)) open.set(key, [...(open.get(key) ?? []), i]);
    });
    while (open.size > 0) {
      const picks = new Map<string, number[]>();
      for (const [key, items] of open) {
        const entry = this.byKey.get(key);
        if (entry) picks.set(key, entry.ids.slice(entry.head, entry.head + items.length));
      }
      const fresh = new Map(
        (
          await adoptableRecords(
            trx,
            this.links,
            this.target,
            this.fields,
            [...picks.values()].flat(),
          )
        ).map((r) => [r.id, keyOf(r.name, r.code)]),
      );
      const next = new Map<string, number[]>();
      for (const [key, ids] of picks) {
        this.useUp(key, ids.length);
        const items = open.get(key) ?? [];
        const good = ids.filter((id) => fresh.get(id) === key);
        good.forEach((id, j) => {
          const at = items[j];
          if (at !== undefined) out[at] = id;
        });
        if (good.length < items.length && this.byKey.has(key))
          next.set(key, items.slice(good.length));
      }
      open = next;
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

/** The CRM records unlinked entries adopt, with one claim per module for a whole batch. */
export async function adoptAll<E extends { readonly module: string; readonly values: FieldValues }>(
  indexes: ReadonlyMap<string, AdoptionIndex>,
  trx: Knex.Transaction,
  entries: readonly E[],
): Promise<Map<E, number>> {
  const out = new Map<E, number>();
  for (const [module, index] of indexes) {
    const { nameField, codeField } = index.fields;
    const mine = entries.filter((e) => e.module === module && Boolean(e.values[nameField]));
    if (mine.length === 0) continue;
    const ids = await index.claim(
      trx,
      mine.map((e) => ({
        name: String(e.values[nameField]),
        code: codeField ? (e.values[codeField] ?? null) : null,
      })),
    );
    mine.forEach((e, i) => {
      const id = ids[i];
      if (id !== null && id !== undefined) out.set(e, id);
    });
  }
  return out;
}

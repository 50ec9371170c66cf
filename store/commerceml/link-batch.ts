// Record look-ups for a batch of 1C catalog items (CommerceML 2.08 Каталог/Товары) at once:
// which linked records are still live, and which unlinked record a first exchange may adopt
// (test/store/commerceml-bulk-writer.test.ts). The links themselves are read and written through
// SyncLinkRepository (findMany, upsertMany).
import type { Knex } from 'knex';
import { chunked } from '../records/bulk-writer.js';
import type { SyncLinkRepository } from '../sync-links.js';

/** Which of the ids are live records, and of which module. */
export async function liveModules(knex: Knex, ids: Iterable<number>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunked([...new Set(ids)], 1)) {
    const rows = await knex('crm_entities')
      .whereIn('id', part)
      .where('deleted', false)
      .select<{ id: number; module: string }[]>('id', 'module');
    for (const r of rows) out.set(Number(r.id), r.module);
  }
  return out;
}

const PAGE = 5000;

/** Which fields hold an item's name and article in a module's table (codeField null: none). */
export interface AdoptionFields {
  readonly nameField: string;
  readonly codeField: string | null;
}

/** A record a first exchange may adopt: its name and article ('' when it has none). */
export interface AdoptionRow {
  readonly id: number;
  readonly name: string;
  readonly code: string;
}

/**
 * Adoption (gateway/commerceml/README.md §2.2): live records of `module` that no link of
 * `system` holds yet, with their name and article, ids ascending. One read for the whole
 * import (the writer keys them by name and article), or, with `ids`, a re-check of candidates
 * inside a batch's transaction, since other requests may write between batches.
 */
export async function adoptableRecords(
  knex: Knex,
  links: SyncLinkRepository,
  target: { readonly module: string; readonly table: string; readonly system: string },
  fields: AdoptionFields,
  ids?: readonly number[],
): Promise<AdoptionRow[]> {
  const read = async (part: readonly number[] | null, after = 0): Promise<AdoptionRow[]> => {
    const q = knex({ m: target.table })
      .join({ e: 'crm_entities' }, 'e.id', 'm.id')
      .where('e.module', target.module)
      .where('e.deleted', false)
      .whereNotExists(links.linkOf(target.system, 'e.id'))
      .orderBy('e.id')
      .select<{ id: number; name: string | null; code: string | null }[]>(
        'e.id',
        { name: `m.${fields.nameField}` },
        fields.codeField ? { code: `m.${fields.codeField}` } : knex.raw('null as code'),
      );
    if (part) q.whereIn('e.id', part);
    else q.where('e.id', '>', after).limit(PAGE);
    return (await q).map((r) => ({ id: Number(r.id), name: r.name ?? '', code: r.code ?? '' }));
  };
  if (!ids) {
    // By pages in id order: on SQLite each query holds the store's one connection (store/db.ts),
    // so a large catalog is read in steps other requests can come between.
    const all: AdoptionRow[] = [];
    for (let page = await read(null); page.length > 0; page = await read(null, all.at(-1)?.id)) {
      all.push(...page);
      if (page.length < PAGE) break;
    }
    return all;
  }
  const out: AdoptionRow[] = [];
  for (const part of chunked([...new Set(ids)], 1)) out.push(...(await read(part)));
  return out;
}

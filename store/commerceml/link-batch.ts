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

/**
 * Adoption (gateway/commerceml/README.md §2.2): live records of `table` whose `nameField` equals the name (and
 * `codeField` the code, or is empty when there is none) and that no link of `system` holds yet.
 */
export async function adoptionCandidate(
  knex: Knex,
  links: SyncLinkRepository,
  module: string,
  table: string,
  system: string,
  match: { nameField: string; name: string; codeField: string | null; code: string | null },
): Promise<number | null> {
  const q = knex({ m: table })
    .join({ e: 'crm_entities' }, 'e.id', 'm.id')
    .where('e.module', module)
    .where('e.deleted', false)
    .where(`m.${match.nameField}`, match.name)
    .whereNotExists(links.linkOf(system, 'e.id'))
    .orderBy('e.id')
    .first<{ id: number } | undefined>('e.id');
  if (match.codeField) {
    if (match.code) q.where(`m.${match.codeField}`, match.code);
    else
      q.where((w) => {
        w.whereNull(`m.${match.codeField}`).orWhere(`m.${match.codeField}`, '');
      });
  }
  const row = await q;
  return row ? Number(row.id) : null;
}

// Look-ups the webservice presenter and related lists need across modules: which module an id
// belongs to (a reference field may point to several modules; a purged target reads as empty),
// and which records of a module point at a given record through their reference fields.
import type { Knex } from 'knex';
import type { ModuleDef } from '../modules/types.js';

const CHUNK = 500;

/** Module of each id that still has a record (live or in the recycle bin). */
export async function modulesOf(knex: Knex, ids: Iterable<number>): Promise<Map<number, string>> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  const out = new Map<number, string>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await knex('crm_entities')
      .whereIn('id', unique.slice(i, i + CHUNK))
      .select<{ id: number; module: string }[]>('id', 'module');
    for (const r of rows) out.set(Number(r.id), r.module);
  }
  return out;
}

/** Live records of `def` whose reference fields `fields` hold `targetId`. */
export async function referencingIds(
  knex: Knex,
  def: ModuleDef,
  fields: readonly string[],
  targetId: number,
): Promise<number[]> {
  if (fields.length === 0) return [];
  const rows = await knex({ m: def.table })
    .join({ e: 'crm_entities' }, 'e.id', 'm.id')
    .where('e.deleted', false)
    .where((w) => {
      for (const f of fields) w.orWhere(`m.${f}`, targetId);
    })
    .select<{ id: number }[]>('m.id');
  return rows.map((r) => Number(r.id));
}

// Which of some records one subscriber receives: the records its user may read
// (store/visibility.ts) that match the subscription's filter, a condition compiled from VTQL by
// the gateway (gateway/hooks/README.md §1). Deleted records are in the recycle bin with their
// owner kept, so the same rules hold for `deleted` events.
import type { Knex } from 'knex';
import type { ModuleDef } from '../modules/types.js';
import { applyCondition, checkCondition } from '../records/query-conditions.js';
import type { Condition } from '../records/record-query.js';
import type { Actor } from '../types.js';
import { applyVisibility, type SharingAccess } from '../visibility.js';

const CHUNK = 500;

export async function matchingIds(
  knex: Knex,
  def: ModuleDef,
  actor: Actor,
  access: SharingAccess,
  where: Condition | null,
  ids: readonly number[],
): Promise<Set<number>> {
  if (where) checkCondition(def, where);
  const found = new Set<number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const qb = knex({ e: 'crm_entities' })
      .join({ m: def.table }, 'm.id', 'e.id')
      .where('e.module', def.name)
      .whereIn('e.id', ids.slice(i, i + CHUNK))
      .select('e.id');
    if (where) qb.where((w) => applyCondition(w, def, where));
    applyVisibility(qb, actor, access, 'read');
    for (const row of (await qb) as { id: number | string }[]) found.add(Number(row.id));
  }
  return found;
}

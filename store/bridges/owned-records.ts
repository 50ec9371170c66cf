// The records a link carries at its first sync: live records of the module owned by the linked
// user (the activities "assigned to" them), or by the group a link carries, oldest first.
import type { Knex } from 'knex';

export async function ownedRecordIds(
  knex: Knex,
  module: string,
  ownerId: number,
  ownerKind: 'user' | 'group' = 'user',
): Promise<number[]> {
  const ids = await knex('crm_entities')
    .where({ module, owner_kind: ownerKind, owner_id: ownerId, deleted: false })
    .orderBy('id')
    .pluck('id');
  return ids.map(Number);
}

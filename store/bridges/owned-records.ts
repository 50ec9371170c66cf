// The records a link carries at its first sync: live records of the module owned by the linked
// user (the activities "assigned to" them), oldest first.
import type { Knex } from 'knex';

export async function ownedRecordIds(
  knex: Knex,
  module: string,
  userId: number,
): Promise<number[]> {
  const ids = await knex('crm_entities')
    .where({ module, owner_kind: 'user', owner_id: userId, deleted: false })
    .orderBy('id')
    .pluck('id');
  return ids.map(Number);
}

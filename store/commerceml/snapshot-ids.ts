// The Ид of a full snapshot staged in the database for mode=deactivate/complete (migration 0013,
// gateway/commerceml/README.md §2.3): the links of a connection that the snapshot lacks are then
// read a page at a time by one anti-join, so deactivating a 100,000-product catalog never holds
// every Ид or every link in memory.
import type { Knex } from 'knex';
import { chunked } from '../records/bulk-writer.js';

export async function clearSnapshotIds(knex: Knex, run: string): Promise<void> {
  await knex('cml_snapshot_ids').where({ run }).del();
}

export async function stageSnapshotIds(
  knex: Knex,
  run: string,
  remoteIds: readonly string[],
): Promise<void> {
  const rows = [...new Set(remoteIds)]
    .filter((id) => id !== '')
    .map((remoteId) => ({ run, remote_id: remoteId }));
  for (const part of chunked(rows, 2))
    await knex('cml_snapshot_ids').insert(part).onConflict(['run', 'remote_id']).ignore();
}

/**
 * Up to `limit` live records of `module`, above record id `after` in ascending order, linked to
 * a product-level Ид (not a characteristic `Ид#…`, §2.3) that the staged snapshot lacks.
 */
export async function missingFromSnapshot(
  knex: Knex,
  link: { system: string; connection: string; module: string },
  run: string,
  after: number,
  limit: number,
): Promise<number[]> {
  const rows = await knex({ l: 'sync_links' })
    .join({ e: 'crm_entities' }, 'e.id', 'l.record_id')
    .where({ 'l.system': link.system, 'l.connection': link.connection, 'l.module': link.module })
    .where('e.deleted', false)
    .where('l.record_id', '>', after)
    .whereNot('l.remote_id', 'like', '%#%')
    .whereNotExists((s) => {
      s.select(knex.raw('1'))
        .from('cml_snapshot_ids as s')
        .where('s.run', run)
        .whereRaw('s.remote_id = l.remote_id');
    })
    .orderBy('l.record_id')
    .limit(limit)
    .distinct<{ record_id: number }[]>('l.record_id');
  return rows.map((r) => Number(r.record_id));
}

// The Ид of a full snapshot staged in the database for mode=deactivate/complete (migration 0013,
// gateway/commerceml/README.md §2.3): the links of a connection that the snapshot lacks are then
// read a page at a time by one anti-join, so deactivating a 100,000-product catalog never holds
// every Ид or every link in memory.
import type { Knex } from 'knex';
import { chunked } from '../records/bulk-writer.js';
import type { SyncLinkRepository } from '../sync-links.js';

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
  links: SyncLinkRepository,
  link: { system: string; connection: string; module: string },
  run: string,
  after: number,
  limit: number,
): Promise<number[]> {
  return links.linkedRecordsAbsent(
    link,
    (remoteId) => (s) => {
      s.select(knex.raw('1'))
        .from('cml_snapshot_ids as s')
        .where('s.run', run)
        .whereRaw('s.remote_id = ??', [remoteId]);
    },
    { after, limit, remoteIdNotLike: '%#%' },
    knex,
  );
}

// Sync links of a batch of 1C items at once (gateway/commerceml/README.md §2.2): one look-up for
// the whole batch (remote_id IN …) and one multi-row upsert, in the batch's transaction, instead of
// a query per item. Same rows and semantics as SyncLinkRepository.find/upsert.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { chunked } from '../records/bulk-writer.js';
import type { SyncLink, SyncLinkInput } from '../sync-links.js';

export async function findLinks(
  knex: Knex,
  system: string,
  connection: string,
  remoteIds: Iterable<string>,
): Promise<Map<string, SyncLink>> {
  const out = new Map<string, SyncLink>();
  const unique = [...new Set(remoteIds)].filter((id) => id !== '');
  for (const part of chunked(unique, 1)) {
    const rows = await knex('sync_links')
      .where({ system, connection })
      .whereIn('remote_id', part)
      .select<Omit<SyncLink, 'system' | 'connection'>[]>({
        remoteId: 'remote_id',
        recordId: 'record_id',
        module: 'module',
        remoteEtag: 'remote_etag',
        contentHash: 'content_hash',
        updatedAt: 'updated_at',
      });
    for (const r of rows)
      out.set(r.remoteId, { ...r, system, connection, recordId: Number(r.recordId) });
  }
  return out;
}

export async function upsertLinks(
  trx: Knex.Transaction,
  links: readonly SyncLinkInput[],
): Promise<void> {
  const now = nowUtc();
  const rows = links.map((l) => ({
    system: l.system,
    connection: l.connection,
    remote_id: l.remoteId,
    record_id: l.recordId,
    module: l.module,
    remote_etag: l.remoteEtag,
    content_hash: l.contentHash,
    updated_at: now,
  }));
  for (const part of chunked(rows, 8)) {
    await trx('sync_links')
      .insert(part)
      .onConflict(['system', 'connection', 'remote_id'])
      .merge(['record_id', 'module', 'remote_etag', 'content_hash', 'updated_at']);
  }
}

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
 * Adoption on a first exchange: live records of `table` whose `nameField` equals the name (and
 * `codeField` the code, or is empty when there is none) and that no link of `system` holds yet.
 */
export async function adoptionCandidate(
  knex: Knex,
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
    .whereNotExists((s) => {
      s.select(knex.raw('1'))
        .from('sync_links as l')
        .whereRaw('l.record_id = e.id')
        .where('l.system', system);
    })
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

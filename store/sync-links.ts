// Links between CRM records and their copies in outside systems, shared by every bridge:
// (system, connection, remote id) ⇄ record, with the remote etag or change key and a hash of
// the content last exchanged, so a bridge can tell "changed there", "changed here" and "same".
import type { Knex } from 'knex';
import { nowUtc } from './db.js';

export interface SyncLink {
  readonly system: string;
  readonly connection: string;
  readonly remoteId: string;
  readonly recordId: number;
  readonly module: string;
  readonly remoteEtag: string | null;
  readonly contentHash: string | null;
  readonly updatedAt: string;
}

interface SyncLinkRow {
  system: string;
  connection: string;
  remote_id: string;
  record_id: number;
  module: string;
  remote_etag: string | null;
  content_hash: string | null;
  updated_at: string;
}

function toLink(r: SyncLinkRow): SyncLink {
  return {
    system: r.system,
    connection: r.connection,
    remoteId: r.remote_id,
    recordId: Number(r.record_id),
    module: r.module,
    remoteEtag: r.remote_etag,
    contentHash: r.content_hash,
    updatedAt: r.updated_at,
  };
}

export type SyncLinkInput = Omit<SyncLink, 'updatedAt'>;

const LOOKUP_BATCH = 500;

export class SyncLinkRepository {
  constructor(private readonly knex: Knex) {}

  /** Remote ids of records in one connection (or records of remote ids), looked up in batches. */
  async remoteIds(
    system: string,
    connection: string,
    by: { readonly recordIds?: readonly number[]; readonly remoteIds?: readonly string[] },
  ): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const column = by.recordIds ? 'record_id' : 'remote_id';
    const keys: ReadonlyArray<number | string> = by.recordIds ?? by.remoteIds ?? [];
    for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
      const rows = await this.knex('sync_links')
        .where({ system, connection })
        .whereIn(column, keys.slice(i, i + LOOKUP_BATCH))
        .select<{ record_id: number; remote_id: string }[]>('record_id', 'remote_id');
      for (const r of rows) out.set(Number(r.record_id), r.remote_id);
    }
    return out;
  }

  /** Forgets every link of one connection (a bridge link removed); the records stay. */
  async removeConnection(
    system: string,
    connection: string,
    knex: Knex = this.knex,
  ): Promise<void> {
    await knex('sync_links').where({ system, connection }).del();
  }

  async find(
    system: string,
    connection: string,
    remoteId: string,
    knex: Knex = this.knex,
  ): Promise<SyncLink | null> {
    const row = await knex<SyncLinkRow>('sync_links')
      .where({ system, connection, remote_id: remoteId })
      .first();
    return row ? toLink(row) : null;
  }

  async forRecord(recordId: number, system?: string): Promise<SyncLink[]> {
    const q = this.knex<SyncLinkRow>('sync_links').where({ record_id: recordId });
    if (system) q.where({ system });
    return (await q.orderBy('id')).map(toLink);
  }

  async forConnection(system: string, connection: string): Promise<SyncLink[]> {
    return (
      await this.knex<SyncLinkRow>('sync_links').where({ system, connection }).orderBy('id')
    ).map(toLink);
  }

  /** Creates or moves the link of a remote object; pass the caller's transaction to keep it atomic with the record. */
  async upsert(link: SyncLinkInput, knex: Knex = this.knex): Promise<void> {
    await knex('sync_links')
      .insert({
        system: link.system,
        connection: link.connection,
        remote_id: link.remoteId,
        record_id: link.recordId,
        module: link.module,
        remote_etag: link.remoteEtag,
        content_hash: link.contentHash,
        updated_at: nowUtc(),
      })
      .onConflict(['system', 'connection', 'remote_id'])
      .merge(['record_id', 'module', 'remote_etag', 'content_hash', 'updated_at']);
  }

  async remove(
    system: string,
    connection: string,
    remoteId: string,
    knex: Knex = this.knex,
  ): Promise<void> {
    await knex('sync_links').where({ system, connection, remote_id: remoteId }).del();
  }
}

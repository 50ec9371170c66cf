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

export class SyncLinkRepository {
  constructor(private readonly knex: Knex) {}

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

  /**
   * Removes every link of a record and returns them, for the recycle bin to keep; pass the
   * caller's transaction so the links leave together with the record.
   */
  async detachRecord(recordId: number, knex: Knex = this.knex): Promise<SyncLink[]> {
    const rows = await knex<SyncLinkRow>('sync_links').where({ record_id: recordId }).orderBy('id');
    await knex('sync_links').where({ record_id: recordId }).del();
    return rows.map(toLink);
  }

  /**
   * Gives a restored record its links back as they were, `updatedAt` included. A remote object
   * linked to another record meanwhile keeps that newer link.
   */
  async reattachRecord(
    recordId: number,
    links: readonly Omit<SyncLink, 'recordId'>[],
    knex: Knex = this.knex,
  ): Promise<void> {
    for (const link of links) {
      await knex('sync_links')
        .insert({
          system: link.system,
          connection: link.connection,
          remote_id: link.remoteId,
          record_id: recordId,
          module: link.module,
          remote_etag: link.remoteEtag,
          content_hash: link.contentHash,
          updated_at: link.updatedAt,
        })
        .onConflict(['system', 'connection', 'remote_id'])
        .ignore();
    }
  }
}

// Remote items of a bridge's links as last exchanged (bridge_objects, migration 0014), mirrored
// into the shared sync_links (store/sync-links.ts) as (system, link id, remote id) ⇄ record.
// Writes take the caller's transaction, so a CRM record, its sync link and the remote content we
// keep change together or not at all.
import type { Knex } from 'knex';
import { SyncLinkRepository } from '../sync-links.js';
import type { BridgeObject } from './types.js';

interface ObjectRow {
  link_id: number;
  remote_id: string;
  record_id: number | null;
  uid: string;
  version: string | null;
  raw: string;
  content_hash: string;
}

const toObject = (r: ObjectRow): BridgeObject => ({
  remoteId: r.remote_id,
  recordId: r.record_id === null ? null : Number(r.record_id),
  uid: r.uid,
  version: r.version,
  raw: r.raw,
  contentHash: r.content_hash,
});

export class BridgeObjectRepository {
  constructor(
    private readonly knex: Knex,
    readonly system: string,
  ) {}

  private async one(knex: Knex, where: Record<string, unknown>): Promise<BridgeObject | null> {
    const row = await knex<ObjectRow>('bridge_objects').where(where).first();
    return row ? toObject(row) : null;
  }

  async objects(linkId: number): Promise<BridgeObject[]> {
    const rows = await this.knex<ObjectRow>('bridge_objects')
      .where({ link_id: linkId })
      .orderBy('remote_id');
    return rows.map(toObject);
  }

  object(linkId: number, remoteId: string, knex: Knex = this.knex): Promise<BridgeObject | null> {
    return this.one(knex, { link_id: linkId, remote_id: remoteId });
  }

  objectForRecord(linkId: number, recordId: number): Promise<BridgeObject | null> {
    return this.one(this.knex, { link_id: linkId, record_id: recordId });
  }

  objectByUid(linkId: number, uid: string): Promise<BridgeObject | null> {
    return this.one(this.knex, { link_id: linkId, uid });
  }

  /** Stores the object and mirrors remote id, version and hash into sync_links. */
  async save(
    linkId: number,
    obj: BridgeObject,
    module: string,
    knex: Knex = this.knex,
  ): Promise<void> {
    await knex('bridge_objects')
      .insert({
        link_id: linkId,
        remote_id: obj.remoteId,
        record_id: obj.recordId,
        uid: obj.uid,
        version: obj.version,
        raw: obj.raw,
        content_hash: obj.contentHash,
      })
      .onConflict(['link_id', 'remote_id'])
      .merge(['record_id', 'uid', 'version', 'raw', 'content_hash']);
    if (obj.recordId === null) return;
    await new SyncLinkRepository(knex).upsert(
      {
        system: this.system,
        connection: String(linkId),
        remoteId: obj.remoteId,
        recordId: obj.recordId,
        module,
        remoteEtag: obj.version,
        contentHash: obj.contentHash,
      },
      knex,
    );
  }

  async remove(linkId: number, remoteId: string, knex: Knex = this.knex): Promise<void> {
    await knex('bridge_objects').where({ link_id: linkId, remote_id: remoteId }).del();
    await new SyncLinkRepository(knex).remove(this.system, String(linkId), remoteId, knex);
  }
}

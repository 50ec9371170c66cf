// The recycle bin. Deleting a record flags it deleted and moves its relations and sync links
// into a snapshot, so that lookups by remote id or relation no longer find it; restoring puts
// them back, giving exactly the record that was deleted. Purging removes the record for good
// (its module row and line items cascade). All three are idempotent. A SalesOrder gives back the
// stock its lines took when deleted and takes it again when restored (records/inventory-stock.ts).
import type { Knex } from 'knex';
import { appendChange } from './change-log.js';
import { nowUtc } from './db.js';
import { GatewayError } from './errors.js';
import { getModule } from './modules/registry.js';
import type { Actor } from './types.js';
import { giveBackStock, takeStock } from './records/inventory-stock.js';
import type { RecordRepository } from './records/record-repository.js';
import { SyncLinkRepository, type SyncLink } from './sync-links.js';
import { mayDo } from './visibility.js';

/** A link as the bin's JSON snapshot keeps it (the column names, as bins already written have it). */
interface SnapshotLink {
  system: string;
  connection: string;
  remote_id: string;
  module: string;
  remote_etag: string | null;
  content_hash: string | null;
  updated_at: string;
}

interface Snapshot {
  relations: { record_id: number; related_id: number; created_at: string }[];
  syncLinks: SnapshotLink[];
}

function toSnapshot(link: SyncLink): SnapshotLink {
  return {
    system: link.system,
    connection: link.connection,
    remote_id: link.remoteId,
    module: link.module,
    remote_etag: link.remoteEtag,
    content_hash: link.contentHash,
    updated_at: link.updatedAt,
  };
}

function fromSnapshot(link: SnapshotLink): Omit<SyncLink, 'recordId'> {
  return {
    system: link.system,
    connection: link.connection,
    remoteId: link.remote_id,
    module: link.module,
    remoteEtag: link.remote_etag,
    contentHash: link.content_hash,
    updatedAt: link.updated_at,
  };
}

export interface BinEntry {
  readonly recordId: number;
  readonly module: string;
  readonly label: string;
  readonly recordNo: string | null;
  readonly deletedAt: string;
  readonly deletedBy: number | null;
}

export interface BinFilter {
  readonly module?: string;
  readonly search?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export class RecycleBin {
  constructor(
    private readonly knex: Knex,
    private readonly records: RecordRepository,
    private readonly links: SyncLinkRepository = new SyncLinkRepository(knex),
  ) {}

  /** Moves a record to the bin. Deleting a record already in the bin does nothing. */
  async delete(actor: Actor, module: string, id: number): Promise<void> {
    const def = getModule(module);
    const record = await this.records.read(def, id, true);
    if (!record) throw new GatewayError('not_found', `Record ${id} does not exist in ${module}`);
    if (!mayDo(actor, def.name, 'delete') || !(await this.records.allowed(actor, record, 'write')))
      throw new GatewayError('forbidden', `Permission to delete record ${id} denied`);
    await this.knex.transaction(async (trx) => {
      const entity = await trx('crm_entities')
        .where({ id })
        .first<{ deleted: boolean | number }>('deleted');
      if (!entity || entity.deleted) return;
      const snapshot: Snapshot = {
        relations: await trx('crm_relations')
          .where({ record_id: id })
          .orWhere({ related_id: id })
          .select('record_id', 'related_id', 'created_at'),
        syncLinks: (await this.links.detachRecord(id, trx)).map(toSnapshot),
      };
      await trx('crm_relations').where({ record_id: id }).orWhere({ related_id: id }).del();
      await trx('crm_entities').where({ id }).update({ deleted: true });
      await giveBackStock(trx, id);
      await trx('recycle_bin').insert({
        record_id: id,
        module: def.name,
        deleted_at: nowUtc(),
        deleted_by: actor.userId,
        snapshot: JSON.stringify(snapshot),
      });
      await appendChange(trx, {
        module: def.name,
        recordId: id,
        operation: 'delete',
        userId: actor.userId,
        owner: record.owner,
      });
    });
  }

  /** Restores records from the bin; ids not in the bin are skipped. Returns the restored ids. */
  async restore(actor: Actor, ids: readonly number[]): Promise<number[]> {
    const restored: number[] = [];
    for (const id of ids) {
      const done = await this.knex.transaction(async (trx) => {
        const bin = await trx('recycle_bin')
          .where({ record_id: id })
          .first<{ module: string; snapshot: string } | undefined>();
        if (!bin) return false;
        const snapshot = JSON.parse(bin.snapshot) as Snapshot;
        await trx('crm_entities').where({ id }).update({ deleted: false });
        await takeStock(trx, bin.module, id);
        for (const rel of snapshot.relations) {
          // The other side may have been purged meanwhile: such a relation cannot come back.
          const other = rel.record_id === id ? rel.related_id : rel.record_id;
          if (await trx('crm_entities').where({ id: other }).first('id')) {
            await trx('crm_relations').insert(rel).onConflict(['record_id', 'related_id']).ignore();
          }
        }
        await this.links.reattachRecord(id, snapshot.syncLinks.map(fromSnapshot), trx);
        await trx('recycle_bin').where({ record_id: id }).del();
        const owner = await trx('crm_entities')
          .where({ id })
          .first<{ owner_kind: string; owner_id: number }>('owner_kind', 'owner_id');
        await appendChange(trx, {
          module: bin.module,
          recordId: id,
          operation: 'restore',
          userId: actor.userId,
          owner: owner
            ? { kind: owner.owner_kind === 'group' ? 'group' : 'user', id: Number(owner.owner_id) }
            : null,
        });
        return true;
      });
      if (done) restored.push(id);
    }
    return restored;
  }

  async restoreAll(actor: Actor, module: string): Promise<number[]> {
    const ids = await this.knex('recycle_bin')
      .where({ module })
      .orderBy('record_id')
      .pluck('record_id');
    return this.restore(actor, ids.map(Number));
  }

  /** Deletes records in the bin for good; ids not in the bin are skipped. */
  async purge(actor: Actor, ids: readonly number[]): Promise<number[]> {
    const purged: number[] = [];
    for (const id of ids) {
      const done = await this.knex.transaction(async (trx) => {
        const bin = await trx('recycle_bin')
          .where({ record_id: id })
          .first<{ module: string } | undefined>();
        if (!bin) return false;
        await trx('crm_entities').where({ id }).del();
        await appendChange(trx, {
          module: bin.module,
          recordId: id,
          operation: 'purge',
          userId: actor.userId,
          owner: null,
        });
        return true;
      });
      if (done) purged.push(id);
    }
    return purged;
  }

  /** Empties the bin of every module. */
  async empty(actor: Actor): Promise<number> {
    const ids = await this.knex('recycle_bin').orderBy('record_id').pluck('record_id');
    return (await this.purge(actor, ids.map(Number))).length;
  }

  async list(filter: BinFilter = {}): Promise<BinEntry[]> {
    const q = this.knex('recycle_bin as b')
      .join('crm_entities as e', 'e.id', 'b.record_id')
      .select('b.record_id', 'b.module', 'e.label', 'e.record_no', 'b.deleted_at', 'b.deleted_by')
      .orderBy('b.deleted_at', 'desc')
      .limit(filter.limit ?? 100)
      .offset(filter.offset ?? 0);
    if (filter.module) q.where('b.module', filter.module);
    if (filter.search)
      q.whereRaw("e.label LIKE ? ESCAPE '\\'", [
        `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      ]);
    const rows = (await q) as {
      record_id: number;
      module: string;
      label: string;
      record_no: string | null;
      deleted_at: string;
      deleted_by: number | null;
    }[];
    return rows.map((r) => ({
      recordId: Number(r.record_id),
      module: r.module,
      label: r.label,
      recordNo: r.record_no,
      deletedAt: r.deleted_at,
      deletedBy: r.deleted_by === null ? null : Number(r.deleted_by),
    }));
  }

  async count(module?: string): Promise<number> {
    const q = this.knex('recycle_bin').count<{ n: number | string }[]>({ n: '*' });
    if (module) q.where({ module });
    const [row] = await q;
    return Number(row?.n ?? 0);
  }
}

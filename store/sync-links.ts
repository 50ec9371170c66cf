// Links between CRM records and their copies in outside systems, shared by every bridge:
// (system, connection, remote id) ⇄ record, with the remote etag or change key and a hash of
// the content last exchanged, so a bridge can tell "changed there", "changed here" and "same".
import type { Knex } from 'knex';
import { nowUtc } from './db.js';
import { chunked } from './records/bulk-writer.js';

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

  // Batches: a bridge that writes thousands of items per transaction (the CommerceML catalog
  // import) reads and writes their links with one statement per chunk, not one per item.

  /** The links of many remote ids of one (system, connection), keyed by remote id; '' is skipped. */
  async findMany(
    system: string,
    connection: string,
    remoteIds: Iterable<string>,
    knex: Knex = this.knex,
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

  /** Creates or moves many links with multi-row upserts, as `upsert` does one by one. */
  async upsertMany(links: readonly SyncLinkInput[], knex: Knex = this.knex): Promise<void> {
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
      await knex('sync_links')
        .insert(part)
        .onConflict(['system', 'connection', 'remote_id'])
        .merge(['record_id', 'module', 'remote_etag', 'content_hash', 'updated_at']);
    }
  }

  /**
   * A correlated sub-select for `whereExists`/`whereNotExists`: some link of `system` holds the
   * record whose id is in the outer query's column `recordIdColumn` (e.g. `e.id`).
   */
  linkOf(system: string, recordIdColumn: string): Knex.QueryCallback {
    return (s) => {
      s.select(this.knex.raw('1'))
        .from('sync_links as l')
        .whereRaw('l.record_id = ??', [recordIdColumn])
        .where('l.system', system);
    };
  }

  /**
   * Up to `page.limit` live records linked under (system, connection, module), record ids
   * ascending above `page.after`, whose remote id is not like `page.remoteIdNotLike` and for
   * which `present(remoteIdColumn)` (a correlated sub-select on the link's remote id) finds no
   * row: "linked, but absent from that list", read one page at a time by one anti-join.
   */
  async linkedRecordsAbsent(
    scope: { readonly system: string; readonly connection: string; readonly module: string },
    present: (remoteIdColumn: string) => Knex.QueryCallback,
    page: { readonly after: number; readonly limit: number; readonly remoteIdNotLike?: string },
    knex: Knex = this.knex,
  ): Promise<number[]> {
    const q = knex({ l: 'sync_links' })
      .join({ e: 'crm_entities' }, 'e.id', 'l.record_id')
      .where({
        'l.system': scope.system,
        'l.connection': scope.connection,
        'l.module': scope.module,
      })
      .where('e.deleted', false)
      .where('l.record_id', '>', page.after);
    if (page.remoteIdNotLike !== undefined) q.whereNot('l.remote_id', 'like', page.remoteIdNotLike);
    const rows = await q
      .whereNotExists(present('l.remote_id'))
      .orderBy('l.record_id')
      .limit(page.limit)
      .distinct<{ record_id: number }[]>('l.record_id');
    return rows.map((r) => Number(r.record_id));
  }
}

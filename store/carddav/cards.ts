// The vCards CardDAV clients stored for CRM Contacts (RFC 6352 §5.1) and the members of the
// address books: Contacts a user owns, Contacts or Accounts an actor may read (store/visibility.ts).
// Everything is read in batches (one query per 500 ids), never record by record.
import type { Knex } from 'knex';
import { getModule } from '../modules/registry.js';
import { selectRecords, toRecord, type EntityRow } from '../records/record-rows.js';
import type { Actor, CrmRecord, Owner } from '../types.js';
import { applyVisibility, type SharingAccess } from '../visibility.js';

const BATCH = 500;

/** The name a record's card is served under when no client chose one. */
export const defaultCardName = (recordId: number): string => `crm-${recordId}.vcf`;

export interface StoredCard {
  readonly recordId: number;
  readonly module: string;
  readonly book: string;
  readonly uid: string;
  readonly name: string;
  readonly vcard: string;
  readonly recordModified: string;
}

/** The parts of a record that decide membership and freshness (heads()). */
export interface RecordHead {
  readonly id: number;
  readonly module: string;
  readonly owner: Owner;
  readonly modifiedTime: string;
}

interface HeadRow {
  id: number;
  owner_kind: string;
  owner_id: number;
  modifiedtime: string;
}

interface CardRow {
  record_id: number;
  module: string;
  book: string;
  uid: string;
  name: string;
  vcard: string;
  record_modified: string;
}

/** Who the members of a book are: one user's records, or every record an actor may read. */
export type BookScope =
  | { readonly kind: 'owned'; readonly userId: number }
  | { readonly kind: 'visible'; readonly actor: Actor; readonly access: SharingAccess };

/** A case-insensitive substring pre-filter on some columns (the card's text included). */
export interface TextPrefilter {
  readonly columns: readonly string[];
  /** Lower-case ASCII. */
  readonly needle: string;
}

const toCard = (r: CardRow): StoredCard => ({
  recordId: Number(r.record_id),
  module: r.module,
  book: r.book,
  uid: r.uid,
  name: r.name,
  vcard: r.vcard,
  recordModified: r.record_modified,
});

export class CardRepository {
  constructor(private readonly knex: Knex) {}

  async put(card: StoredCard): Promise<void> {
    const row: CardRow = {
      record_id: card.recordId,
      module: card.module,
      book: card.book,
      uid: card.uid,
      name: card.name,
      vcard: card.vcard,
      record_modified: card.recordModified,
    };
    await this.knex('carddav_cards').insert(row).onConflict('record_id').merge();
  }

  async getMany(recordIds: readonly number[]): Promise<Map<number, StoredCard>> {
    const out = new Map<number, StoredCard>();
    for (let i = 0; i < recordIds.length; i += BATCH) {
      const rows = await this.knex<CardRow>('carddav_cards').whereIn(
        'record_id',
        recordIds.slice(i, i + BATCH),
      );
      for (const r of rows) out.set(Number(r.record_id), toCard(r));
    }
    return out;
  }

  /** Live records of the module in `scope` whose stored card has this UID (RFC 6352 §6.3.2.1). */
  async idsByUid(module: string, uid: string, scope: BookScope): Promise<number[]> {
    const q = this.knex({ o: 'carddav_cards' })
      .join({ e: 'crm_entities' }, 'e.id', 'o.record_id')
      .where({ 'o.module': module, 'o.uid': uid, 'e.deleted': false });
    const rows = await this.scoped(q, scope).select<{ record_id: number }[]>('o.record_id');
    return rows.map((r) => Number(r.record_id));
  }

  /** Stored href names by record id, deleted records included. */
  async names(recordIds: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const [id, card] of await this.getMany(recordIds)) out.set(id, card.name);
    return out;
  }

  /** Ids of the live records of the module in `scope`, oldest first, optionally pre-filtered. */
  async memberIds(
    module: string,
    scope: BookScope,
    filter: TextPrefilter | null = null,
  ): Promise<number[]> {
    const def = getModule(module);
    const q = this.knex({ e: 'crm_entities' }).where({ 'e.module': module, 'e.deleted': false });
    if (filter) {
      q.join({ m: def.table }, 'm.id', 'e.id')
        .leftJoin({ o: 'carddav_cards' }, 'o.record_id', 'e.id')
        .where((w) => {
          const like = `%${filter.needle}%`;
          for (const c of filter.columns) w.orWhereRaw(`lower(${c}) like ?`, [like]);
          // The card's text unfolded (RFC 6350 §3.2), so a value split over lines still matches.
          w.orWhereRaw("lower(replace(replace(replace(o.vcard, ?, ''), ?, ''), ?, '')) like ?", [
            '\r\n ',
            '\r\n\t',
            '\n ',
            like,
          ]);
        });
    }
    const rows = await this.scoped(q, scope).orderBy('e.id').select<{ id: number }[]>('e.id');
    return rows.map((r) => Number(r.id));
  }

  /** Which of these ids are live records of the module in `scope`. */
  async inScope(module: string, scope: BookScope, ids: readonly number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const q = this.knex({ e: 'crm_entities' })
        .where({ 'e.module': module, 'e.deleted': false })
        .whereIn('e.id', ids.slice(i, i + BATCH));
      for (const r of await this.scoped(q, scope).select<{ id: number }[]>('e.id'))
        out.add(Number(r.id));
    }
    return out;
  }

  /**
   * Who owns these live records of the module and when they last changed: enough to tell a book's
   * members and to serve a stored card no CRM edit touched since, without reading every field.
   */
  async heads(module: string, recordIds: readonly number[]): Promise<Map<number, RecordHead>> {
    const out = new Map<number, RecordHead>();
    for (let i = 0; i < recordIds.length; i += BATCH) {
      const rows = await this.knex('crm_entities')
        .where({ module, deleted: false })
        .whereIn('id', recordIds.slice(i, i + BATCH))
        .select<HeadRow[]>('id', 'owner_kind', 'owner_id', 'modifiedtime');
      for (const r of rows)
        out.set(Number(r.id), {
          id: Number(r.id),
          module,
          owner: { kind: r.owner_kind === 'group' ? 'group' : 'user', id: Number(r.owner_id) },
          modifiedTime: r.modifiedtime,
        });
    }
    return out;
  }

  /** Live records of the module with these ids, without visibility (callers check the scope). */
  async records(module: string, recordIds: readonly number[]): Promise<Map<number, CrmRecord>> {
    const def = getModule(module);
    const out = new Map<number, CrmRecord>();
    for (let i = 0; i < recordIds.length; i += BATCH) {
      const rows = (await selectRecords(this.knex, def)
        .where('e.deleted', false)
        .whereIn('e.id', recordIds.slice(i, i + BATCH))) as EntityRow[];
      for (const r of rows) out.set(Number(r.id), toRecord(def, r));
    }
    return out;
  }

  /** Names of live Accounts by id (a Contact's ORG, RFC 6350 §6.6.4). */
  async accountNames(ids: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const [id, r] of await this.records('Accounts', ids))
      out.set(id, r.values['accountname'] ?? r.label);
    return out;
  }

  /** The live Account of this exact name (case-insensitive), the oldest when several; no other. */
  async accountByName(name: string): Promise<number | null> {
    const def = getModule('Accounts');
    const row = await this.knex({ e: 'crm_entities' })
      .join({ m: def.table }, 'm.id', 'e.id')
      .where({ 'e.module': 'Accounts', 'e.deleted': false })
      .whereRaw('lower(m.accountname) = lower(?)', [name])
      .orderBy('e.id')
      .first<{ id: number } | undefined>('e.id');
    return row ? Number(row.id) : null;
  }

  private scoped(q: Knex.QueryBuilder, scope: BookScope): Knex.QueryBuilder {
    if (scope.kind === 'owned')
      return q.where({ 'e.owner_kind': 'user', 'e.owner_id': scope.userId });
    return applyVisibility(q, scope.actor, scope.access, 'read');
  }
}

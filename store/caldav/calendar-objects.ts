// The iCalendar objects CalDAV clients stored for CRM Events and Tasks (RFC 4791 §4.1), and the
// members of a calendar: live records of a module owned by one user or one group. Members and
// their records are read in batches (one query per 500), never one by one.
import type { Knex } from 'knex';
import { getModule } from '../modules/registry.js';
import { SyncLinkRepository } from '../sync-links.js';
import { selectRecords, toRecord, type EntityRow } from '../records/record-rows.js';
import type { CrmRecord, Owner } from '../types.js';

const BATCH = 500;

/** A time window as `YYYYMMDDTHHMMSSZ` strings (null = open), compared as text like the stored range. */
/** The name a record's object is served under when no client chose one. */
export const defaultObjectName = (recordId: number): string => `crm-${recordId}.ics`;

export interface RangeWindow {
  readonly from: string | null;
  readonly to: string | null;
}

export interface CalendarObject {
  readonly recordId: number;
  readonly module: string;
  readonly uid: string;
  readonly name: string;
  readonly ics: string;
  readonly recordModified: string;
  readonly rangeStartUtc: string | null;
  /** null = endless series. */
  readonly rangeEndUtc: string | null;
}

export interface CalendarMember {
  readonly recordId: number;
  readonly modifiedTime: string;
  /** From the stored object; null when the record never came through CalDAV. */
  readonly rangeStartUtc: string | null;
  readonly rangeEndUtc: string | null;
  readonly hasObject: boolean;
  /** Whether the stored range still describes the record (no CRM edit since the client's PUT). */
  readonly rangeCurrent: boolean;
}

interface ObjectRow {
  record_id: number;
  module: string;
  uid: string;
  name: string;
  ics: string;
  record_modified: string;
  range_start_utc: string | null;
  range_end_utc: string | null;
}

interface MemberRow {
  id: number;
  modifiedtime: string;
  range_start_utc: string | null;
  range_end_utc: string | null;
  uid: string | null;
  record_modified: string | null;
}

function toObject(r: ObjectRow): CalendarObject {
  return {
    recordId: Number(r.record_id),
    module: r.module,
    uid: r.uid,
    name: r.name,
    ics: r.ics,
    recordModified: r.record_modified,
    rangeStartUtc: r.range_start_utc,
    rangeEndUtc: r.range_end_utc,
  };
}

export class CalendarObjectRepository {
  constructor(private readonly knex: Knex) {}

  async get(recordId: number): Promise<CalendarObject | null> {
    const row = await this.knex<ObjectRow>('caldav_objects').where({ record_id: recordId }).first();
    return row ? toObject(row) : null;
  }

  /**
   * Live records of one calendar collection (the module's records of one owner) holding this UID.
   * RFC 4791 §5.3.2.1 `no-uid-conflict` is per collection: two attendees keep the same invitation
   * in their own calendars, and one user's UIDs are neither reserved nor revealed to another
   * (gateway/caldav/README.md §1.4).
   */
  /**
   * Inside a write's transaction on PostgreSQL, waits for every other open write of this UID in
   * this collection to end, so the check that follows sees it. Writers share no other lock
   * (store/change-log.ts); SQLite's one connection already serialises them.
   */
  async lockUid(module: string, owner: Owner, uid: string): Promise<void> {
    if (this.knex.client.config.client !== 'pg' || !this.knex.isTransaction) return;
    const key = `caldav-uid\n${module}\n${owner.kind}\n${owner.id}\n${uid}`;
    await this.knex.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
  }

  async idsByUid(module: string, owner: Owner, uid: string): Promise<number[]> {
    const rows = await this.knex({ o: 'caldav_objects' })
      .join({ e: 'crm_entities' }, 'e.id', 'o.record_id')
      .where({
        'o.module': module,
        'o.uid': uid,
        'e.deleted': false,
        'e.owner_kind': owner.kind,
        'e.owner_id': owner.id,
      })
      .select<{ record_id: number }[]>('o.record_id');
    return rows.map((r) => Number(r.record_id));
  }

  async put(object: CalendarObject): Promise<void> {
    const row: ObjectRow = {
      record_id: object.recordId,
      module: object.module,
      uid: object.uid,
      name: object.name,
      ics: object.ics,
      record_modified: object.recordModified,
      range_start_utc: object.rangeStartUtc,
      range_end_utc: object.rangeEndUtc,
    };
    await this.knex('caldav_objects').insert(row).onConflict('record_id').merge();
  }

  /** Stored href names by record id, deleted records included. */
  async names(recordIds: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (let i = 0; i < recordIds.length; i += BATCH) {
      const rows = await this.knex('caldav_objects')
        .whereIn('record_id', recordIds.slice(i, i + BATCH))
        .select<{ record_id: number; name: string }[]>('record_id', 'name');
      for (const r of rows) out.set(Number(r.record_id), r.name);
    }
    return out;
  }

  /** Live records of the module owned by the user, oldest first. */
  async members(module: string, userId: number): Promise<CalendarMember[]> {
    return this.membersOf(module, { kind: 'user', id: userId });
  }

  /**
   * Live records of the module owned by `owner`, oldest first. With a window only candidates come
   * back (gateway/caldav/README.md §3): objects whose stored first/last instance overlaps it (last
   * null = endless), plus every record whose stored range no longer describes it (never stored, or
   * edited in the CRM).
   */
  async membersOf(
    module: string,
    owner: Owner,
    window: RangeWindow | null = null,
  ): Promise<CalendarMember[]> {
    const q = this.knex({ e: 'crm_entities' })
      .leftJoin({ o: 'caldav_objects' }, 'o.record_id', 'e.id')
      .where({
        'e.module': module,
        'e.deleted': false,
        'e.owner_kind': owner.kind,
        'e.owner_id': owner.id,
      })
      .orderBy('e.id')
      .select<MemberRow[]>(
        'e.id',
        'e.modifiedtime',
        'o.range_start_utc',
        'o.range_end_utc',
        'o.uid',
        'o.record_modified',
      );
    if (window && (window.from !== null || window.to !== null)) {
      q.where((w) => {
        w.whereNull('o.record_id')
          .orWhereRaw('o.record_modified <> e.modifiedtime')
          .orWhereNull('o.range_start_utc')
          .orWhere((r) => {
            if (window.to !== null) r.where('o.range_start_utc', '<', window.to);
            if (window.from !== null)
              r.where((e) =>
                e
                  .whereNull('o.range_end_utc')
                  .orWhere('o.range_end_utc', '>=', window.from as string),
              );
          });
      });
    }
    const rows = await q;
    return rows.map((r) => ({
      recordId: Number(r.id),
      modifiedTime: r.modifiedtime,
      rangeStartUtc: r.range_start_utc,
      rangeEndUtc: r.range_end_utc,
      hasObject: r.uid !== null,
      rangeCurrent: r.uid !== null && r.record_modified === r.modifiedtime,
    }));
  }

  /**
   * Href names of these records in one connection's sync links (RFC 4791 §4.1 names are the
   * client's), looked up by record or by name without reading the whole calendar's links.
   */
  async linkNames(
    system: string,
    connection: string,
    by: { readonly recordIds?: readonly number[]; readonly names?: readonly string[] },
  ): Promise<Map<number, string>> {
    return new SyncLinkRepository(this.knex).remoteIds(system, connection, {
      ...(by.recordIds ? { recordIds: by.recordIds } : {}),
      ...(by.names ? { remoteIds: by.names } : {}),
    });
  }

  /** Stored objects of these records. */
  async getMany(recordIds: readonly number[]): Promise<Map<number, CalendarObject>> {
    const out = new Map<number, CalendarObject>();
    for (let i = 0; i < recordIds.length; i += BATCH) {
      const rows = await this.knex<ObjectRow>('caldav_objects').whereIn(
        'record_id',
        recordIds.slice(i, i + BATCH),
      );
      for (const r of rows) out.set(Number(r.record_id), toObject(r));
    }
    return out;
  }

  /** Live records of the module with these ids, without visibility (callers check ownership). */
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
}

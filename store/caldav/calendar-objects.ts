// The iCalendar objects CalDAV clients stored for CRM Events and Tasks (RFC 4791 §4.1), and the
// members of a user's calendar: live records of a module owned by that user.
import type { Knex } from 'knex';

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
    recordId: Number(r.record_id), module: r.module, uid: r.uid, name: r.name, ics: r.ics, recordModified: r.record_modified,
    rangeStartUtc: r.range_start_utc, rangeEndUtc: r.range_end_utc,
  };
}

export class CalendarObjectRepository {
  constructor(private readonly knex: Knex) {}

  async get(recordId: number): Promise<CalendarObject | null> {
    const row = await this.knex<ObjectRow>('caldav_objects').where({ record_id: recordId }).first();
    return row ? toObject(row) : null;
  }

  /** Live records of the module holding this UID (RFC 4791 §5.3.2.1 no-uid-conflict). */
  async idsByUid(module: string, uid: string): Promise<number[]> {
    const rows = await this.knex({ o: 'caldav_objects' })
      .join({ e: 'crm_entities' }, 'e.id', 'o.record_id')
      .where({ 'o.module': module, 'o.uid': uid, 'e.deleted': false })
      .select<{ record_id: number }[]>('o.record_id');
    return rows.map((r) => Number(r.record_id));
  }

  async put(object: CalendarObject): Promise<void> {
    const row: ObjectRow = {
      record_id: object.recordId, module: object.module, uid: object.uid, name: object.name, ics: object.ics, record_modified: object.recordModified,
      range_start_utc: object.rangeStartUtc, range_end_utc: object.rangeEndUtc,
    };
    await this.knex('caldav_objects').insert(row).onConflict('record_id').merge();
  }

  /** Stored href names by record id, deleted records included. */
  async names(recordIds: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (let i = 0; i < recordIds.length; i += 500) {
      const rows = await this.knex('caldav_objects').whereIn('record_id', recordIds.slice(i, i + 500)).select<{ record_id: number; name: string }[]>('record_id', 'name');
      for (const r of rows) out.set(Number(r.record_id), r.name);
    }
    return out;
  }

  /** Live records of the module owned by the user, oldest first. */
  async members(module: string, userId: number): Promise<CalendarMember[]> {
    const rows = await this.knex({ e: 'crm_entities' })
      .leftJoin({ o: 'caldav_objects' }, 'o.record_id', 'e.id')
      .where({ 'e.module': module, 'e.deleted': false, 'e.owner_kind': 'user', 'e.owner_id': userId })
      .orderBy('e.id')
      .select<MemberRow[]>('e.id', 'e.modifiedtime', 'o.range_start_utc', 'o.range_end_utc', 'o.uid', 'o.record_modified');
    return rows.map((r) => ({
      recordId: Number(r.id), modifiedTime: r.modifiedtime, rangeStartUtc: r.range_start_utc, rangeEndUtc: r.range_end_utc,
      hasObject: r.uid !== null, rangeCurrent: r.uid !== null && r.record_modified === r.modifiedtime,
    }));
  }
}

// CRM activities ⇄ iCalendar objects for the engine: Events ⇄ VEVENT and Tasks ⇄ VTODO, four
// synced fields (fields.ts), remote objects patched rather than rebuilt (ics-patch.ts). A pulled
// object also becomes the record's stored calendar object, so calendar apps connected to the
// gateway's own CalDAV server see the remote series whole (RFC 4791 §4.1).
import type { Knex } from 'knex';
import { renderRecord } from '../../../formats/ical/from-crm.js';
import type { ParsedObject } from '../../../formats/ical/parse-ics.js';
import {
  CalendarObjectRepository,
  type CalendarObject,
} from '../../../store/caldav/calendar-objects.js';
import type { CrmRecord, FieldValues } from '../../../store/types.js';
import { objectToKeep } from '../../calendar/stored-object.js';
import type { ItemMapping, MappedItem } from '../../mapping.js';
import {
  componentOf,
  fieldsHash,
  FOREIGN_COMPONENT,
  notPast,
  readRemote,
  recordFields,
  type SyncedFields,
} from './fields.js';
import { freshIcs, patchIcs } from './ics-patch.js';

const OWN_UID = /^crm-(\d+)@gateway$/;

const DEFAULTS: Readonly<Record<string, FieldValues>> = {
  Events: { eventstatus: 'Planned', activitytype: 'Meeting' },
  Calendar: { taskstatus: 'Not Started' },
};

/** Google's CalDAV has no VTODO (developers.google.com/calendar/caldav/v2/guide), so its links carry Events only. */
export const modulesOfKind = (kind: string): readonly string[] =>
  kind === 'google' ? ['Events'] : ['Events', 'Calendar'];

export class CalendarMapping implements ItemMapping<SyncedFields, ParsedObject> {
  constructor(
    private readonly knex: Knex,
    readonly modules: readonly string[],
  ) {}

  read(raw: string): (MappedItem<SyncedFields> & { readonly parsed: ParsedObject }) | null {
    try {
      return readRemote(raw);
    } catch (err) {
      // Journals and such are not activities: skipped. Broken objects are errors.
      if (err instanceof Error && FOREIGN_COMPONENT.test(err.message)) return null;
      throw err;
    }
  }

  fieldsOf(record: CrmRecord): SyncedFields | null {
    return recordFields(record);
  }

  hash(fields: SyncedFields): string {
    return fieldsHash(fields);
  }

  initial(fields: SyncedFields, nowMs: number): boolean {
    return notPast(fields, nowMs);
  }

  patch(raw: string, fields: SyncedFields, nowMs: number): string {
    return patchIcs(raw, fields, nowMs);
  }

  /** The gateway CalDAV server's copy of the record (rule, exceptions) when it has one, else a new object. */
  async fresh(
    record: CrmRecord,
    fields: SyncedFields,
    nowMs: number,
  ): Promise<{ uid: string; raw: string }> {
    const stored = await new CalendarObjectRepository(this.knex).get(record.id);
    if (stored)
      return { uid: stored.uid, raw: patchIcs(renderRecord(record, stored), fields, nowMs) };
    const uid = `crm-${record.id}@gateway`;
    return { uid, raw: freshIcs(uid, fields, nowMs, componentOf(record.module)) };
  }

  defaults(module: string): FieldValues {
    return DEFAULTS[module] ?? {};
  }

  ownRecordId(uid: string): number | null {
    const own = OWN_UID.exec(uid);
    return own ? Number(own[1]) : null;
  }

  objectFor(
    trx: Knex.Transaction,
    record: CrmRecord,
    item: { readonly parsed: ParsedObject; readonly raw: string },
    recordModified?: string,
  ): Promise<CalendarObject | null> {
    return objectToKeep(trx, record, item.parsed, item.raw, recordModified);
  }

  async keptIsStale(record: CrmRecord, raw: string): Promise<boolean> {
    const stored = await new CalendarObjectRepository(this.knex).get(record.id);
    return stored !== null && stored.recordModified === record.modifiedTime && stored.ics !== raw;
  }
}

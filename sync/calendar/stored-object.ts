// The calendar object kept for a CRM Events or Tasks record (RFC 4791 §4.1, §5.3.2), written the
// way a PUT through the gateway's CalDAV server writes it: the CRM values come from the one
// iCalendar → CRM mapping, and the object keeps its UID, href name and instance range, so every
// path that stores a client's object (PUT here, the CalDAV bridge's pull) serves the same thing.
import type { Knex } from 'knex';
import {
  CalendarObjectRepository,
  defaultObjectName,
  type CalendarObject,
} from '../../store/caldav/calendar-objects.js';
import type { CrmRecord, FieldValues } from '../../store/types.js';
import { instancesIn, objectRange } from '../../formats/ical/instances.js';
import { icalUtc } from '../../formats/ical/instants.js';
import type { ParsedObject } from '../../formats/ical/parse-ics.js';
import { checkRecurrence } from '../../formats/ical/recurrence-limits.js';
import { eventValues, taskValues } from '../../formats/ical/to-crm.js';

/** The CRM field values of an object: VTODO → Tasks, VEVENT → Events (first instance's times). */
export function crmValuesOf(parsed: ParsedObject): FieldValues {
  if (parsed.kind === 'VTODO') return taskValues(parsed);
  return eventValues(parsed, instancesIn(parsed, null, null, 1)[0]);
}

/** The caldav_objects row of a record written from `ics`; `recordModified` is the record's modifiedtime after the write. */
export function storedObjectOf(
  record: CrmRecord,
  parsed: ParsedObject,
  ics: string,
  name: string,
  recordModified: string = record.modifiedTime,
): CalendarObject {
  const range = objectRange(parsed);
  return {
    recordId: record.id,
    module: record.module,
    uid: parsed.uid,
    name,
    ics,
    recordModified,
    rangeStartUtc: range.start === null ? null : icalUtc(range.start),
    rangeEndUtc: range.end === null ? null : icalUtc(range.end),
  };
}

/**
 * The object to store for a record written from `ics` (store/caldav/calendar-writer.ts puts it in
 * the record's transaction), under the name the CalDAV server already serves it by (a
 * client-chosen name, else `crm-<id>.ics`). Objects the server would refuse on PUT (§5.3.2.1: a
 * UID another live record of the same calendar holds, a sub-hourly rule) are not stored (null):
 * the record then renders from its fields.
 */
export async function objectToKeep(
  trx: Knex.Transaction,
  record: CrmRecord,
  parsed: ParsedObject,
  ics: string,
  recordModified: string = record.modifiedTime,
): Promise<CalendarObject | null> {
  try {
    checkRecurrence(parsed);
  } catch {
    return null;
  }
  const objects = new CalendarObjectRepository(trx);
  if (
    (await objects.idsByUid(record.module, record.owner, parsed.uid)).some((id) => id !== record.id)
  )
    return null;
  const existing = await objects.get(record.id);
  const name = existing?.name ?? defaultObjectName(record.id);
  return storedObjectOf(record, parsed, ics, name, recordModified);
}

// CRM Events ⇄ Graph events for the engine (sync/mapping.ts). Raw items are Graph event JSON. A
// record's first copy carries its uid as `transactionId`, so a create retried after a lost answer
// is the same event (Graph docs, "event resource type": transactionId), and the CRM id as a
// single-value extended property, so the item stays ours wherever it is moved. A series is one
// record: its master's fields, and its rule, cancelled and moved occurrences in the record's
// stored calendar object (series.ts), which the gateway's CalDAV server serves whole. Items whose
// times, zone or pattern cannot be read are skipped and noted instead of stopping the run.
import type { Knex } from 'knex';
import { renderRecord } from '../../../formats/ical/from-crm.js';
import { parseObject } from '../../../formats/ical/parse-ics.js';
import {
  CalendarObjectRepository,
  type CalendarObject,
} from '../../../store/caldav/calendar-objects.js';
import type { CrmRecord, FieldValues } from '../../../store/types.js';
import { objectToKeep } from '../../calendar/stored-object.js';
import type { ItemMapping, MappedItem } from '../../mapping.js';
import {
  crmValues,
  eventFieldsHash,
  graphEventFields,
  graphProperties,
  recordEventFields,
  type EventFields,
} from './event-fields.js';
import { cancelledIds, seriesIcs, seriesOfIcs, zoned } from './series.js';
import { parseRawItem } from './raw-item.js';
import type { GraphJson } from './transport.js';

const OWN_UID = /^crm-(\d+)@gateway$/;

/** A named MAPI property in the gateway's own property set (Graph docs, "singleValueLegacyExtendedProperty"). */
export const CRM_ID_PROPERTY = 'String {5d1f1c5e-8f3a-4f0e-9a53-3c1f2b6a7e01} Name CrmRecordId';

/** A series' cancelled and moved occurrences in Graph's shape, carried on the item (series-writes.ts). */
function seriesParts(f: EventFields, masterId: unknown): GraphJson {
  const s = f.series;
  if (!s) return {};
  return {
    cancelledOccurrences: cancelledIds(s, String(masterId ?? ''), f.allDay),
    exceptionOccurrences: s.overrides.map((o) => ({
      originalStart: new Date(o.originalMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      subject: o.subject,
      body: { contentType: 'text', content: o.description ?? '' },
      start: zoned(o.startMs, s, f.allDay),
      end: zoned(o.endMs, s, f.allDay),
      location: { displayName: o.location ?? '' },
    })),
  };
}

export class EventMapping implements ItemMapping<EventFields, GraphJson> {
  readonly modules = ['Events'] as const;
  /** Items skipped in this run, with why (for the log). */
  readonly skipped: string[] = [];

  constructor(private readonly knex: Knex) {}

  read(raw: string): (MappedItem<EventFields> & { readonly parsed: GraphJson }) | null {
    const e = parseRawItem(raw, this.skipped);
    if (e === null) return null;
    const type = e['type'];
    if (type === 'occurrence' || type === 'exception') return null;
    let fields: EventFields;
    try {
      fields = graphEventFields(e);
    } catch (err) {
      this.skipped.push(`${String(e['id'])}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
    const uid =
      typeof e['transactionId'] === 'string'
        ? e['transactionId']
        : typeof e['iCalUId'] === 'string'
          ? e['iCalUId']
          : String(e['id']);
    const modified = Date.parse(String(e['lastModifiedDateTime'] ?? ''));
    return {
      uid,
      module: 'Events',
      fields,
      values: crmValues(fields),
      changedMs: Number.isNaN(modified) ? null : modified,
      parsed: e,
    };
  }

  /** The record's fields, with its series when its stored calendar object recurs. */
  async fieldsOf(record: CrmRecord): Promise<EventFields | null> {
    if (record.module !== 'Events') return null;
    const base = recordEventFields(record);
    if (!base) return null;
    const stored = await new CalendarObjectRepository(this.knex).get(record.id);
    if (!stored) return base;
    try {
      const series = seriesOfIcs(parseObject(renderRecord(record, stored), 'VEVENT'), base);
      return series ? { ...base, series } : base;
    } catch (err) {
      this.skipped.push(`record ${record.id}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  hash(fields: EventFields): string {
    return eventFieldsHash(fields);
  }

  initial(fields: EventFields, nowMs: number): boolean {
    if (fields.series) {
      // A series goes while it may still recur: no UNTIL, or one not yet past.
      const until = /UNTIL=(\d{4})(\d{2})(\d{2})/.exec(fields.series.rrule);
      return (
        until === null ||
        Date.UTC(Number(until[1]), Number(until[2]) - 1, Number(until[3]) + 1) >= nowMs
      );
    }
    return fields.endMs >= nowMs || fields.startMs >= nowMs;
  }

  patch(raw: string, fields: EventFields): string {
    const e = JSON.parse(raw) as GraphJson;
    return JSON.stringify({ ...e, ...graphProperties(fields), ...seriesParts(fields, e['id']) });
  }

  fresh(record: CrmRecord, fields: EventFields): Promise<{ uid: string; raw: string }> {
    const uid = `crm-${record.id}@gateway`;
    const body: GraphJson = {
      ...graphProperties(fields),
      ...seriesParts(fields, ''),
      transactionId: uid,
      singleValueExtendedProperties: [{ id: CRM_ID_PROPERTY, value: String(record.id) }],
    };
    return Promise.resolve({ uid, raw: JSON.stringify(body) });
  }

  defaults(): FieldValues {
    return { eventstatus: 'Planned', activitytype: 'Meeting' };
  }

  /** A pulled series becomes the record's stored calendar object (RRULE, EXDATE, overrides). */
  async objectFor(
    trx: Knex.Transaction,
    record: CrmRecord,
    item: { readonly parsed: GraphJson; readonly raw: string },
    recordModified?: string,
  ): Promise<CalendarObject | null> {
    const e = item.parsed;
    if (e['type'] !== 'seriesMaster') return null;
    let fields: EventFields;
    try {
      fields = graphEventFields(e);
    } catch {
      return null;
    }
    if (!fields.series) return null;
    const kept = await new CalendarObjectRepository(trx).get(record.id);
    const uid = kept?.uid ?? this.read(item.raw)?.uid ?? `crm-${record.id}@gateway`;
    const modified = Date.parse(String(e['lastModifiedDateTime'] ?? ''));
    const ics = seriesIcs(uid, fields, fields.series, Number.isNaN(modified) ? 0 : modified);
    return objectToKeep(trx, record, parseObject(ics, 'VEVENT'), ics, recordModified);
  }

  ownRecordId(uid: string): number | null {
    const own = OWN_UID.exec(uid);
    return own ? Number(own[1]) : null;
  }
}

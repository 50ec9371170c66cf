// CRM Events ⇄ Graph events for the engine (sync/mapping.ts). Raw items are Graph event JSON. A
// record's first copy carries its uid as `transactionId`, so a create retried after a lost answer
// is the same event (Graph docs, "event resource type": transactionId), and the CRM id as a
// single-value extended property, so the item stays ours wherever it is moved. Occurrences and
// exceptions of series are not carried yet (README "Not yet"); items whose times cannot be read
// (unknown zone ...) are skipped and noted instead of stopping the run.
import type { CrmRecord, FieldValues } from '../../../store/types.js';
import type { ItemMapping, MappedItem } from '../../mapping.js';
import {
  crmValues,
  eventFieldsHash,
  graphEventFields,
  graphProperties,
  recordEventFields,
  type EventFields,
} from './event-fields.js';
import type { GraphJson } from './transport.js';

const OWN_UID = /^crm-(\d+)@gateway$/;

/** A named MAPI property in the gateway's own property set (Graph docs, "singleValueLegacyExtendedProperty"). */
export const CRM_ID_PROPERTY = 'String {5d1f1c5e-8f3a-4f0e-9a53-3c1f2b6a7e01} Name CrmRecordId';

export class EventMapping implements ItemMapping<EventFields, GraphJson> {
  readonly modules = ['Events'] as const;
  /** Items skipped in this run, with why (for the log). */
  readonly skipped: string[] = [];

  read(raw: string): (MappedItem<EventFields> & { readonly parsed: GraphJson }) | null {
    let e: GraphJson;
    try {
      e = JSON.parse(raw) as GraphJson;
    } catch {
      this.skipped.push('an item that is not JSON');
      return null;
    }
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

  fieldsOf(record: CrmRecord): EventFields | null {
    return record.module === 'Events' ? recordEventFields(record) : null;
  }

  hash(fields: EventFields): string {
    return eventFieldsHash(fields);
  }

  initial(fields: EventFields, nowMs: number): boolean {
    return fields.endMs >= nowMs || fields.startMs >= nowMs;
  }

  patch(raw: string, fields: EventFields): string {
    return JSON.stringify({ ...(JSON.parse(raw) as GraphJson), ...graphProperties(fields) });
  }

  fresh(record: CrmRecord, fields: EventFields): Promise<{ uid: string; raw: string }> {
    const uid = `crm-${record.id}@gateway`;
    const body: GraphJson = {
      ...graphProperties(fields),
      transactionId: uid,
      singleValueExtendedProperties: [{ id: CRM_ID_PROPERTY, value: String(record.id) }],
    };
    return Promise.resolve({ uid, raw: JSON.stringify(body) });
  }

  defaults(): FieldValues {
    return { eventstatus: 'Planned', activitytype: 'Meeting' };
  }

  ownRecordId(uid: string): number | null {
    const own = OWN_UID.exec(uid);
    return own ? Number(own[1]) : null;
  }
}

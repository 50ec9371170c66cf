// The mapping of a link that carries events and To Do tasks (mailbox-provider.ts): Events go
// through the event mapping (event-mapping.ts), Tasks — the CRM's Calendar module — through the
// task mapping (task-mapping.ts); raw items say which they are by their `@odata.type`.
import type { Knex } from 'knex';
import type { CalendarObject } from '../../../store/caldav/calendar-objects.js';
import type { CrmRecord, FieldValues } from '../../../store/types.js';
import type { ItemMapping, MappedItem } from '../../mapping.js';
import type { EventFields } from './event-fields.js';
import { EventMapping } from './event-mapping.js';
import {
  graphTaskFields,
  isTodoTask,
  recordTaskFields,
  taskFieldsHash,
  taskProperties,
  taskUid,
  taskValues,
  TODO_TYPE,
  type TaskFields,
} from './task-mapping.js';
import { parseRawItem } from './raw-item.js';
import type { GraphJson } from './transport.js';

export type MailboxFields = EventFields | TaskFields;

const isTask = (f: MailboxFields): f is TaskFields => 'kind' in f && f.kind === 'task';

export class MailboxMapping implements ItemMapping<MailboxFields, GraphJson> {
  readonly modules = ['Events', 'Calendar'] as const;
  readonly events: EventMapping;

  constructor(knex: Knex) {
    this.events = new EventMapping(knex);
  }

  get skipped(): string[] {
    return this.events.skipped;
  }

  read(raw: string): (MappedItem<MailboxFields> & { readonly parsed: GraphJson }) | null {
    const e = parseRawItem(raw, this.skipped);
    if (e === null) return null;
    if (!isTodoTask(e)) return this.events.read(raw);
    let fields: TaskFields;
    try {
      fields = graphTaskFields(e);
    } catch (err) {
      this.skipped.push(`${String(e['id'])}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
    const modified = Date.parse(String(e['lastModifiedDateTime'] ?? ''));
    const created = Date.parse(String(e['createdDateTime'] ?? ''));
    return {
      uid: taskUid(e),
      module: 'Calendar',
      fields,
      values: taskValues(fields, Number.isNaN(created) ? null : created),
      changedMs: Number.isNaN(modified) ? null : modified,
      parsed: e,
    };
  }

  async fieldsOf(record: CrmRecord): Promise<MailboxFields | null> {
    if (record.module === 'Calendar') return recordTaskFields(record);
    return this.events.fieldsOf(record);
  }

  hash(fields: MailboxFields): string {
    return isTask(fields) ? taskFieldsHash(fields) : this.events.hash(fields);
  }

  initial(fields: MailboxFields, nowMs: number): boolean {
    // Open tasks go at first; finished ones stay in the CRM.
    return isTask(fields) ? fields.status !== 'completed' : this.events.initial(fields, nowMs);
  }

  patch(raw: string, fields: MailboxFields): string {
    if (!isTask(fields)) return this.events.patch(raw, fields);
    return JSON.stringify({ ...(JSON.parse(raw) as GraphJson), ...taskProperties(fields) });
  }

  fresh(record: CrmRecord, fields: MailboxFields): Promise<{ uid: string; raw: string }> {
    if (!isTask(fields)) return this.events.fresh(record, fields);
    const uid = `crm-${record.id}@gateway`;
    const body: GraphJson = {
      '@odata.type': TODO_TYPE,
      ...taskProperties(fields),
      linkedResources: [{ applicationName: 'CRM', displayName: fields.subject, externalId: uid }],
    };
    return Promise.resolve({ uid, raw: JSON.stringify(body) });
  }

  defaults(module: string): FieldValues {
    return module === 'Calendar' ? {} : this.events.defaults();
  }

  ownRecordId(uid: string): number | null {
    return this.events.ownRecordId(uid);
  }

  objectFor(
    trx: Knex.Transaction,
    record: CrmRecord,
    item: { readonly parsed: GraphJson; readonly raw: string },
    recordModified?: string,
  ): Promise<CalendarObject | null> {
    if (isTodoTask(item.parsed)) return Promise.resolve(null);
    return this.events.objectFor(trx, record, item, recordModified);
  }
}

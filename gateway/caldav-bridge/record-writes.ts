// Writes that change a CRM record and what the bridge keeps about its remote copy in one
// transaction (docs/architecture.md "Data flow": repository + sync link in one transaction), so a
// crash or restart between the two never leaves a record without its link (a duplicate at the next
// sync) or a link without its record. The repositories are bound to the transaction for that. A
// pulled object also becomes the record's stored calendar object (caldav_objects, as a PUT through
// the gateway's CalDAV server keeps it), so calendar apps connected to the gateway see the remote
// series whole: rule, exceptions, moved instances and all-day dates (RFC 4791 §4.1).
import type { Knex } from 'knex';
import type { LinkObject } from '../../store/caldav-links/link-types.js';
import { CalendarObjectRepository } from '../../store/caldav/calendar-objects.js';
import { PicklistRepository } from '../../store/records/picklists.js';
import { RecordRepository } from '../../store/records/record-repository.js';
import { RecycleBin } from '../../store/recycle-bin.js';
import type { CrmRecord } from '../../store/types.js';
import { SharingRepository } from '../../store/visibility.js';
import { keepRecordObject } from '../caldav/stored-object.js';
import type { RunContext } from './context.js';
import type { RemoteEvent } from './fields.js';

function repos(trx: Knex.Transaction): { records: RecordRepository; bin: RecycleBin } {
  const records = new RecordRepository(
    trx,
    new SharingRepository(trx, 0),
    new PicklistRepository(trx),
  );
  return { records, bin: new RecycleBin(trx, records) };
}

type ObjectInput = Omit<LinkObject, 'linkId' | 'recordId'>;

const DEFAULTS: Readonly<Record<string, Record<string, string>>> = {
  Events: { eventstatus: 'Planned', activitytype: 'Meeting' },
  Calendar: { taskstatus: 'Not Started' },
};

export async function createRecord(
  ctx: RunContext,
  remote: RemoteEvent,
  obj: ObjectInput,
): Promise<number> {
  return ctx.store.db.knex.transaction(async (trx) => {
    const { records } = repos(trx);
    const record = await records.create(ctx.actor, remote.module, {
      values: { ...remote.values, ...DEFAULTS[remote.module] },
      owner: { kind: 'user', id: ctx.link.userId },
    });
    await keepRecordObject(trx, record, remote.parsed, obj.ics);
    await ctx.links.saveObject(
      { ...obj, linkId: ctx.link.id, recordId: record.id },
      remote.module,
      trx,
    );
    return record.id;
  });
}

export async function updateRecord(
  ctx: RunContext,
  module: string,
  recordId: number,
  remote: RemoteEvent,
  obj: ObjectInput,
): Promise<void> {
  await ctx.store.db.knex.transaction(async (trx) => {
    const record = await repos(trx).records.update(
      ctx.actor,
      module,
      recordId,
      { values: remote.values },
      'revise',
    );
    await keepRecordObject(trx, record, remote.parsed, obj.ics);
    await ctx.links.saveObject({ ...obj, linkId: ctx.link.id, recordId }, module, trx);
  });
}

/**
 * The remote object changed outside the synced fields (an exception, an alarm, a location) or lost
 * a conflict. When the CRM's stored object was current, the record is written again so the new
 * object is stored and the change reaches the gateway's CalDAV clients through the change log;
 * otherwise the remote text is kept as the base the CRM's unpushed fields render over.
 */
export async function refreshObject(
  ctx: RunContext,
  record: CrmRecord,
  remote: RemoteEvent,
  obj: ObjectInput,
  crmCurrent: boolean,
): Promise<void> {
  const stored = await new CalendarObjectRepository(ctx.store.db.knex).get(record.id);
  if (
    crmCurrent &&
    stored !== null &&
    stored.recordModified === record.modifiedTime &&
    stored.ics !== obj.ics
  ) {
    await updateRecord(ctx, record.module, record.id, remote, obj);
    return;
  }
  await ctx.store.db.knex.transaction(async (trx) => {
    if (!crmCurrent) await keepRecordObject(trx, record, remote.parsed, obj.ics, '');
    await ctx.links.saveObject(
      { ...obj, linkId: ctx.link.id, recordId: record.id },
      record.module,
      trx,
    );
  });
}

/** Moves the record to the recycle bin (restorable) and forgets the remote object. */
export async function deleteRecord(
  ctx: RunContext,
  module: string,
  recordId: number,
  href: string,
): Promise<void> {
  await ctx.store.db.knex.transaction(async (trx) => {
    await ctx.links.removeObject(ctx.link.id, href, trx);
    await repos(trx).bin.delete(ctx.actor, module, recordId);
  });
}

export async function saveObjectOnly(
  ctx: RunContext,
  module: string,
  recordId: number | null,
  obj: ObjectInput,
): Promise<void> {
  await ctx.links.saveObject({ ...obj, linkId: ctx.link.id, recordId }, module);
}

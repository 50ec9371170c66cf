// Writes that change a CRM record and what the bridge keeps about its remote copy in one
// transaction (ARCHITECTURE.md "Data flow": repository + sync link in one transaction), so a crash
// or restart between the two never leaves a record without its link (a duplicate at the next sync)
// or a link without its record. The repositories are bound to the transaction for that.
import type { Knex } from 'knex';
import type { LinkObject } from '../../store/caldav-links/link-types.js';
import { PicklistRepository } from '../../store/records/picklists.js';
import { RecordRepository } from '../../store/records/record-repository.js';
import { RecycleBin } from '../../store/recycle-bin.js';
import { SharingRepository } from '../../store/visibility.js';
import type { RunContext } from './context.js';
import { eventValues, type SyncedFields } from './fields.js';

function repos(trx: Knex.Transaction): { records: RecordRepository; bin: RecycleBin } {
  const records = new RecordRepository(trx, new SharingRepository(trx, 0), new PicklistRepository(trx));
  return { records, bin: new RecycleBin(trx, records) };
}

type ObjectInput = Omit<LinkObject, 'linkId' | 'recordId'>;

const DEFAULTS: Readonly<Record<string, Record<string, string>>> = {
  Events: { eventstatus: 'Planned', activitytype: 'Meeting' },
  Calendar: { taskstatus: 'Not Started' },
};

export async function createRecord(ctx: RunContext, module: string, fields: SyncedFields, obj: ObjectInput): Promise<number> {
  return ctx.store.db.knex.transaction(async (trx) => {
    const { records } = repos(trx);
    const record = await records.create(ctx.actor, module, { values: { ...eventValues(fields), ...DEFAULTS[module] }, owner: { kind: 'user', id: ctx.link.userId } });
    await ctx.links.saveObject({ ...obj, linkId: ctx.link.id, recordId: record.id }, module, trx);
    return record.id;
  });
}

export async function updateRecord(ctx: RunContext, module: string, recordId: number, fields: SyncedFields, obj: ObjectInput): Promise<void> {
  await ctx.store.db.knex.transaction(async (trx) => {
    await repos(trx).records.update(ctx.actor, module, recordId, { values: eventValues(fields) }, 'revise');
    await ctx.links.saveObject({ ...obj, linkId: ctx.link.id, recordId }, module, trx);
  });
}

/** Moves the record to the recycle bin (restorable) and forgets the remote object. */
export async function deleteRecord(ctx: RunContext, module: string, recordId: number, href: string): Promise<void> {
  await ctx.store.db.knex.transaction(async (trx) => {
    await ctx.links.removeObject(ctx.link.id, href, trx);
    await repos(trx).bin.delete(ctx.actor, module, recordId);
  });
}

export async function saveObjectOnly(ctx: RunContext, module: string, recordId: number | null, obj: ObjectInput): Promise<void> {
  await ctx.links.saveObject({ ...obj, linkId: ctx.link.id, recordId }, module);
}

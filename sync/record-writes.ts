// Writes that change a CRM record and what the engine keeps about its remote copy in one
// transaction, so a crash or restart between the two never leaves a record without its status
// (a duplicate at the next sync) or a status without its record. What else the CRM keeps for the
// record (a calendar object) joins the same transaction through the mapping's `keep`.
import type { Knex } from 'knex';
import { PicklistRepository } from '../store/records/picklists.js';
import { RecordRepository } from '../store/records/record-repository.js';
import { RecycleBin } from '../store/recycle-bin.js';
import type { CrmRecord } from '../store/types.js';
import { SharingRepository } from '../store/visibility.js';
import type { RunContext } from './context.js';
import type { MappedItem } from './mapping.js';
import type { ObjectStatus } from './status.js';

function repos(trx: Knex.Transaction): { records: RecordRepository; bin: RecycleBin } {
  const records = new RecordRepository(
    trx,
    new SharingRepository(trx, 0),
    new PicklistRepository(trx),
  );
  return { records, bin: new RecycleBin(trx, records) };
}

export type ObjectInput = Omit<ObjectStatus, 'recordId'>;
export type Mapped<F, P> = MappedItem<F> & { readonly parsed: P };

export async function createRecord<F, P>(
  ctx: RunContext<F, P>,
  item: Mapped<F, P>,
  obj: ObjectInput,
): Promise<number> {
  return ctx.store.db.knex.transaction(async (trx) => {
    const record = await repos(trx).records.create(ctx.actor, item.module, {
      values: { ...item.values, ...ctx.mapping.defaults(item.module) },
      owner: { kind: 'user', id: ctx.link.userId },
    });
    await ctx.mapping.keep?.(trx, record, { parsed: item.parsed, raw: obj.raw });
    await ctx.status.saveObject(ctx.link.id, { ...obj, recordId: record.id }, item.module, trx);
    return record.id;
  });
}

export async function updateRecord<F, P>(
  ctx: RunContext<F, P>,
  module: string,
  recordId: number,
  item: Mapped<F, P>,
  obj: ObjectInput,
): Promise<void> {
  await ctx.store.db.knex.transaction(async (trx) => {
    const record = await repos(trx).records.update(
      ctx.actor,
      module,
      recordId,
      { values: item.values },
      'revise',
    );
    await ctx.mapping.keep?.(trx, record, { parsed: item.parsed, raw: obj.raw });
    await ctx.status.saveObject(ctx.link.id, { ...obj, recordId }, module, trx);
  });
}

/**
 * The remote item changed outside the synced fields (an exception, an alarm, a location) or lost
 * a conflict. When the CRM's kept copy was current, the record is written again so the new item
 * is kept and the change reaches the CRM's other clients through the change log; otherwise the
 * remote item is kept as the base the CRM's unpushed fields render over.
 */
export async function refreshObject<F, P>(
  ctx: RunContext<F, P>,
  record: CrmRecord,
  item: Mapped<F, P>,
  obj: ObjectInput,
  crmCurrent: boolean,
): Promise<void> {
  if (crmCurrent && (await ctx.mapping.keptIsStale?.(record, obj.raw))) {
    await updateRecord(ctx, record.module, record.id, item, obj);
    return;
  }
  await ctx.store.db.knex.transaction(async (trx) => {
    if (!crmCurrent)
      await ctx.mapping.keep?.(trx, record, { parsed: item.parsed, raw: obj.raw }, '');
    await ctx.status.saveObject(ctx.link.id, { ...obj, recordId: record.id }, record.module, trx);
  });
}

/** Moves the record to the recycle bin (restorable) and forgets the remote item. */
export async function deleteRecord(
  ctx: RunContext,
  module: string,
  recordId: number,
  remoteId: string,
): Promise<void> {
  await ctx.store.db.knex.transaction(async (trx) => {
    await ctx.status.removeObject(ctx.link.id, remoteId, trx);
    await repos(trx).bin.delete(ctx.actor, module, recordId);
  });
}

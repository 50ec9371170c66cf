// Writes that change a CRM record and what the engine keeps about its remote copy: one
// transaction through the calendar writer (store/caldav/calendar-writer.ts), so a crash or
// restart between the two never leaves a record without its status (a duplicate at the next
// sync) or a status without its record. The calendar object the mapping keeps for the record
// (none for mappings without one) joins the same transaction.
import type { Knex } from 'knex';
import { CalendarObjectWriter } from '../store/caldav/calendar-writer.js';
import type { RecordRepository } from '../store/records/record-repository.js';
import type { CrmRecord } from '../store/types.js';
import type { RunContext } from './context.js';
import type { MappedItem } from './mapping.js';
import type { ObjectStatus } from './status.js';

export type ObjectInput = Omit<ObjectStatus, 'recordId'>;
export type Mapped<F, P> = MappedItem<F> & { readonly parsed: P };

const writer = (ctx: RunContext): CalendarObjectWriter =>
  new CalendarObjectWriter(ctx.store.db.knex, ctx.store.picklists);

/** What the mapping looks up for the item inside the record's transaction, if anything. */
function linkedOf<F, P>(ctx: RunContext<F, P>, item: Mapped<F, P>) {
  const linked = ctx.mapping.linkedValues?.bind(ctx.mapping);
  if (!linked) return undefined;
  const who = { actor: ctx.actor, owner: ctx.owner };
  return (trx: Knex.Transaction, records: RecordRepository) =>
    linked(trx, records, who, item.fields);
}

/** The mapping's object for the record, if it keeps one. */
function objectOf<F, P>(ctx: RunContext<F, P>, item: Mapped<F, P>, raw: string, base = false) {
  return async (trx: Knex.Transaction, record: CrmRecord) =>
    (await ctx.mapping.objectFor?.(
      trx,
      record,
      { parsed: item.parsed, raw },
      base ? '' : undefined,
    )) ?? null;
}

export async function createRecord<F, P>(
  ctx: RunContext<F, P>,
  item: Mapped<F, P>,
  obj: ObjectInput,
): Promise<number> {
  const record = await writer(ctx).write({
    actor: ctx.actor,
    module: item.module,
    recordId: null,
    values: { ...item.values, ...ctx.mapping.defaults(item.module) },
    linked: linkedOf(ctx, item),
    owner: ctx.owner,
    object: objectOf(ctx, item, obj.raw),
    also: (trx, r) => ctx.status.saveObject(ctx.link.id, { ...obj, recordId: r.id }, r.module, trx),
  });
  return record.id;
}

export async function updateRecord<F, P>(
  ctx: RunContext<F, P>,
  module: string,
  recordId: number,
  item: Mapped<F, P>,
  obj: ObjectInput,
): Promise<void> {
  await writer(ctx).write({
    actor: ctx.actor,
    module,
    recordId,
    values: item.values,
    linked: linkedOf(ctx, item),
    object: objectOf(ctx, item, obj.raw),
    also: (trx) => ctx.status.saveObject(ctx.link.id, { ...obj, recordId }, module, trx),
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
  await writer(ctx).keep(record, {
    object: crmCurrent ? async () => null : objectOf(ctx, item, obj.raw, true),
    also: (trx) =>
      ctx.status.saveObject(ctx.link.id, { ...obj, recordId: record.id }, record.module, trx),
  });
}

/** Moves the record to the recycle bin (restorable) and forgets the remote item. */
export async function deleteRecord(
  ctx: RunContext,
  module: string,
  recordId: number,
  remoteId: string,
): Promise<void> {
  await writer(ctx).remove(ctx.actor, module, recordId, (trx) =>
    ctx.status.removeObject(ctx.link.id, remoteId, trx),
  );
}

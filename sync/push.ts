// CRM → remote: every change-log entry (store/change-log.ts) of the link's modules since its last
// position is sent at once. Writes are guarded by the version last seen: a new item must not exist
// yet, a known one must still be at its version. `precondition_failed` means the remote changed
// meanwhile: the newer change wins and the loser goes to the exchange log.
import { ownedRecordIds } from '../store/bridges/owned-records.js';
import type { CrmRecord } from '../store/types.js';
import { checkAborted, utcMs, type RunContext } from './context.js';
import { isSyncError, type RemoteItem } from './provider.js';
import { readRecord } from './pull.js';
import { updateRecord } from './record-writes.js';
import type { ObjectStatus } from './status.js';

const BATCH = 500;

async function save<F>(
  ctx: RunContext<F>,
  record: CrmRecord,
  obj: Omit<ObjectStatus, 'recordId' | 'contentHash'>,
  fields: F,
): Promise<void> {
  const status = { ...obj, recordId: record.id, contentHash: ctx.mapping.hash(fields) };
  await ctx.status.saveObject(ctx.link.id, status, record.module);
}

async function getOne(ctx: RunContext, id: string): Promise<RemoteItem | null> {
  return (await ctx.provider.fetch([id]))[0] ?? null;
}

async function create<F>(ctx: RunContext<F>, record: CrmRecord, fields: F): Promise<void> {
  const { uid, raw } = await ctx.mapping.fresh(record, fields, ctx.now());
  const made = await ctx.provider.create(uid, raw);
  await save(ctx, record, { remoteId: made.id, uid, version: made.version, raw }, fields);
  ctx.tally.pushedCreated++;
}

async function update<F>(
  ctx: RunContext<F>,
  record: CrmRecord,
  fields: F,
  obj: ObjectStatus,
): Promise<void> {
  const raw = ctx.mapping.patch(obj.raw, fields, ctx.now());
  try {
    const version = await ctx.provider.update(obj.remoteId, raw, obj.version);
    await save(ctx, record, { remoteId: obj.remoteId, uid: obj.uid, version, raw }, fields);
    ctx.tally.pushedUpdated++;
  } catch (err) {
    if (!isSyncError(err, 'precondition_failed')) throw err;
    await resolveUpdateConflict(ctx, record, fields, obj);
  }
}

/** The remote changed since our last look: compare when each side changed. */
async function resolveUpdateConflict<F>(
  ctx: RunContext<F>,
  record: CrmRecord,
  fields: F,
  obj: ObjectStatus,
): Promise<void> {
  ctx.tally.conflicts++;
  const there = await getOne(ctx, obj.remoteId);
  const id = obj.remoteId;
  if (!there) {
    // Deleted remotely while edited here: the edit is newer (it came after our last sync), so recreate.
    ctx.conflicts.push({ remoteId: id, recordId: record.id, winner: 'crm', loser: 'deleted' });
    await ctx.status.removeObject(ctx.link.id, id);
    await create(ctx, record, fields);
    return;
  }
  const item = ctx.mapping.read(there.raw);
  if (item && ctx.direction !== 'to-remote' && (item.changedMs ?? 0) > utcMs(record.modifiedTime)) {
    ctx.conflicts.push({ remoteId: id, recordId: record.id, winner: 'remote', loser: fields });
    await updateRecord(ctx, record.module, record.id, item, {
      remoteId: id,
      uid: item.uid,
      version: there.version,
      raw: there.raw,
      contentHash: ctx.mapping.hash(item.fields),
    });
    ctx.tally.pulledUpdated++;
    return;
  }
  ctx.conflicts.push({
    remoteId: id,
    recordId: record.id,
    winner: 'crm',
    loser: item?.fields ?? null,
  });
  const raw = ctx.mapping.patch(there.raw, fields, ctx.now());
  const version = await ctx.provider.update(id, raw, there.version);
  await save(ctx, record, { remoteId: id, uid: obj.uid, version, raw }, fields);
  ctx.tally.pushedUpdated++;
}

async function remove(ctx: RunContext, obj: ObjectStatus, deletedAtMs: number): Promise<void> {
  try {
    await ctx.provider.remove(obj.remoteId, obj.version);
  } catch (err) {
    if (!isSyncError(err, 'precondition_failed')) throw err;
    ctx.tally.conflicts++;
    const there = await getOne(ctx, obj.remoteId);
    const item = there ? ctx.mapping.read(there.raw) : null;
    const id = obj.remoteId;
    if (
      there &&
      item &&
      ctx.direction !== 'to-remote' &&
      (item.changedMs ?? 0) > deletedAtMs &&
      obj.recordId !== null
    ) {
      // Edited remotely after the CRM deleted it: the edit wins, the record comes back.
      ctx.conflicts.push({
        remoteId: id,
        recordId: obj.recordId,
        winner: 'remote',
        loser: 'deleted',
      });
      await ctx.store.recycleBin.restore(ctx.actor, [obj.recordId]);
      await updateRecord(ctx, item.module, obj.recordId, item, {
        remoteId: id,
        uid: item.uid,
        version: there.version,
        raw: there.raw,
        contentHash: ctx.mapping.hash(item.fields),
      });
      return;
    }
    ctx.conflicts.push({
      remoteId: id,
      recordId: obj.recordId,
      winner: 'crm',
      loser: item?.fields ?? null,
    });
    await ctx.provider.remove(id, there?.version ?? null);
  }
  await ctx.status.removeObject(ctx.link.id, obj.remoteId);
  ctx.tally.pushedDeleted++;
}

/** Brings the remote copy of one record in line with the CRM; `changedAtMs` is when the CRM changed it. */
export async function pushRecord(
  ctx: RunContext,
  recordId: number,
  changedAtMs: number,
  onlyInitial = false,
): Promise<void> {
  const status = await ctx.store.records.status(recordId);
  const record = await readRecord(ctx, recordId);
  const obj = await ctx.status.objectForRecord(ctx.link.id, recordId);
  const ours =
    record !== null &&
    !status?.deleted &&
    record.owner.kind === ctx.owner.kind &&
    record.owner.id === ctx.owner.id;
  if (!ours || !record) {
    // Deleted, purged or assigned to someone else: it leaves this user's remote.
    if (obj) await remove(ctx, obj, changedAtMs);
    return;
  }
  const fields = await ctx.mapping.fieldsOf(record);
  if (fields === null) return;
  if (obj === null) {
    if (!onlyInitial || ctx.mapping.initial(fields, ctx.now())) await create(ctx, record, fields);
    return;
  }
  if (obj.contentHash === ctx.mapping.hash(fields)) return; // unchanged, or our own pull echoing back
  await update(ctx, record, fields, obj);
}

/** Pushes the changes between two change-log positions, moving the link's position as it goes. */
export async function pushChanges(ctx: RunContext, fromSeq: number, toSeq: number): Promise<void> {
  let position = fromSeq;
  while (position < toSeq) {
    const changes = (
      await ctx.store.changeLog.since(position, { modules: [...ctx.mapping.modules], limit: BATCH })
    ).filter((c) => c.seq <= toSeq);
    if (changes.length === 0) break;
    const done = new Set<number>();
    for (const change of changes) {
      checkAborted(ctx);
      if (!done.has(change.recordId)) {
        await pushRecord(ctx, change.recordId, utcMs(change.changedAt));
        done.add(change.recordId);
      }
      position = change.seq;
      await ctx.status.progress(ctx.link.id, { lastSeq: position });
    }
  }
}

/** First sync: every record of the link's modules the link's owner (user or group) owns that the mapping sends at first. */
export async function pushInitial(ctx: RunContext): Promise<void> {
  for (const module of ctx.mapping.modules) {
    for (const id of await ownedRecordIds(
      ctx.store.db.knex,
      module,
      ctx.owner.id,
      ctx.owner.kind,
    )) {
      checkAborted(ctx);
      await pushRecord(ctx, id, ctx.now(), true);
    }
  }
}

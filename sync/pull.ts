// Remote → CRM: every change since the link's cursor. Changed items are fetched (only those whose
// version moved), removed ones send their record to the recycle bin. An invalid cursor restarts
// from a full listing; items are matched by remote id, then by uid, so a full resync links what
// exists instead of creating it again. A truncated answer means "ask again with the new cursor".
// A sync never deletes because a read failed or came back empty: a failed read ends the run, and a
// full listing that holds nothing while the link knows items removes nothing
// (test/sync/memory-provider.test.ts).
import { getModule } from '../store/modules/registry.js';
import type { CrmRecord } from '../store/types.js';
import { checkAborted, utcMs, type RunContext } from './context.js';
import { isSyncError, type ItemVersion, type RemoteItem } from './provider.js';
import {
  createRecord,
  deleteRecord,
  refreshObject,
  updateRecord,
  type Mapped,
} from './record-writes.js';
import type { ObjectStatus } from './status.js';

const MAX_ROUNDS = 100;

export async function readRecord(ctx: RunContext, id: number): Promise<CrmRecord | null> {
  const status = await ctx.store.records.status(id);
  return status ? ctx.store.records.read(getModule(status.module), id, true) : null;
}

/** The status of a remote item: by id, else by uid (moved or recreated), else our own uid. */
async function known<F, P>(
  ctx: RunContext<F, P>,
  id: string,
  item: Mapped<F, P>,
): Promise<ObjectStatus | null> {
  const byId = await ctx.status.object(ctx.link.id, id);
  if (byId) return byId;
  const byUid = await ctx.status.objectByUid(ctx.link.id, item.uid);
  if (byUid) {
    await ctx.status.removeObject(ctx.link.id, byUid.remoteId);
    return { ...byUid, remoteId: id };
  }
  const own = ctx.mapping.ownRecordId(item.uid);
  if (own === null) return matched(ctx, id, item);
  // An item we created whose status was not saved (stopped between the write and the commit): adopt it.
  const record = await readRecord(ctx, own);
  if (!record || record.owner.kind !== ctx.owner.kind || record.owner.id !== ctx.owner.id)
    return null;
  const fields = await ctx.mapping.fieldsOf(record);
  return fields
    ? {
        remoteId: id,
        recordId: record.id,
        uid: item.uid,
        version: null,
        raw: '',
        contentHash: ctx.mapping.hash(fields),
      }
    : null;
}

/**
 * A record of the user the mapping finds the same as a remote item no status names (a first sync
 * of an address book that already holds the CRM's contacts): linked, not created again. What was
 * last exchanged is set so the direction decides: from the remote the remote's fields win, to the
 * remote the CRM's are pushed over the card, both ways differing fields are a conflict (newer wins).
 */
async function matched<F, P>(
  ctx: RunContext<F, P>,
  id: string,
  item: Mapped<F, P>,
): Promise<ObjectStatus | null> {
  const recordId = (await ctx.mapping.match?.(ctx.owner, item)) ?? null;
  if (recordId === null || (await ctx.status.objectForRecord(ctx.link.id, recordId))) return null;
  const record = await readRecord(ctx, recordId);
  const crm = record ? await ctx.mapping.fieldsOf(record) : null;
  if (!crm) return null;
  const remoteHash = ctx.mapping.hash(item.fields);
  const crmHash = ctx.mapping.hash(crm);
  const contentHash =
    ctx.direction === 'from-remote'
      ? crmHash
      : ctx.direction === 'to-remote' || crmHash === remoteHash
        ? remoteHash
        : '';
  return { remoteId: id, recordId, uid: item.uid, version: null, raw: '', contentHash };
}

async function applyItem<F, P>(ctx: RunContext<F, P>, obj: RemoteItem): Promise<void> {
  let item: Mapped<F, P> | null;
  try {
    item = ctx.mapping.read(obj.raw);
  } catch (err) {
    // Broken items are reported and keep the cursor, so they are read again next time.
    ctx.problems.push(`${obj.id}: ${err instanceof Error ? err.message : String(err)}`);
    ctx.tally.failed++;
    return;
  }
  if (!item || !ctx.mapping.modules.includes(item.module)) return;
  const stored = await known(ctx, obj.id, item);
  const hash = ctx.mapping.hash(item.fields);
  const input = { remoteId: obj.id, uid: item.uid, version: obj.version, raw: obj.raw };
  if (!stored || stored.recordId === null) {
    if (ctx.direction === 'to-remote') return; // the remote never adds CRM records
    await createRecord(ctx, item, { ...input, contentHash: hash });
    ctx.tally.pulledCreated++;
    return;
  }
  if (stored.version === obj.version && stored.raw === obj.raw) return;
  const record = await readRecord(ctx, stored.recordId);
  const crm = record ? await ctx.mapping.fieldsOf(record) : null;
  if (!record || !crm) return;
  const status = await ctx.store.records.status(record.id);
  if (status?.deleted) return; // the push of the CRM delete handles it
  const crmHash = ctx.mapping.hash(crm);
  if (hash === stored.contentHash) {
    await refreshObject(ctx, record, item, { ...input, contentHash: hash }, crmHash === hash);
    return;
  }
  if (crmHash !== stored.contentHash && crmHash !== hash) {
    // Both sides changed the synced fields: the newer change wins, the loser is logged.
    const remoteWins =
      ctx.direction === 'from-remote' ||
      (ctx.direction === 'both' && (item.changedMs ?? 0) >= utcMs(record.modifiedTime));
    ctx.tally.conflicts++;
    ctx.conflicts.push({
      remoteId: obj.id,
      recordId: record.id,
      winner: remoteWins ? 'remote' : 'crm',
      loser: remoteWins ? crm : item.fields,
    });
    if (!remoteWins) {
      // Keep the remote item as the base but the old hash, so the push sends the CRM's fields.
      const base = { ...input, contentHash: stored.contentHash };
      await refreshObject(ctx, record, item, base, false);
      return;
    }
  }
  await updateRecord(ctx, record.module, record.id, item, { ...input, contentHash: hash });
  ctx.tally.pulledUpdated++;
}

async function applyRemoval(ctx: RunContext, id: string): Promise<void> {
  const stored = await ctx.status.object(ctx.link.id, id);
  if (!stored || ctx.direction === 'to-remote') return;
  const status = stored.recordId === null ? null : await ctx.store.records.status(stored.recordId);
  if (stored.recordId === null || !status || status.deleted) {
    await ctx.status.removeObject(ctx.link.id, id);
    return;
  }
  await deleteRecord(ctx, status.module, stored.recordId, id);
  ctx.tally.pulledDeleted++;
}

async function fetchChanged(
  ctx: RunContext,
  changed: readonly ItemVersion[],
): Promise<RemoteItem[]> {
  const wanted: string[] = [];
  for (const c of changed) {
    const stored = await ctx.status.object(ctx.link.id, c.id);
    if (!stored || stored.version === null || stored.version !== c.version) wanted.push(c.id);
  }
  return wanted.length === 0 ? [] : ctx.provider.fetch(wanted);
}

/** Pulls every change since `start` (null = everything); returns the cursor to store. */
export async function pull(ctx: RunContext, start: string | null): Promise<string | null> {
  let cursor = start;
  let full = cursor === null;
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    checkAborted(ctx);
    let changes;
    try {
      changes = await ctx.provider.changes(cursor);
    } catch (err) {
      if (!isSyncError(err, 'invalid_cursor') || cursor === null) throw err;
      cursor = null;
      full = true;
      continue;
    }
    for (const obj of await fetchChanged(ctx, changes.changed)) {
      checkAborted(ctx);
      await applyItem(ctx, obj);
    }
    for (const c of changes.changed) seen.add(c.id);
    for (const id of changes.removed) await applyRemoval(ctx, id);
    cursor = changes.cursor;
    if (changes.complete) full = true;
    if (!changes.truncated) break;
  }
  if (full && seen.size > 0) {
    // After a full listing, what we still hold but the remote no longer lists was deleted there.
    for (const obj of await ctx.status.objects(ctx.link.id))
      if (!seen.has(obj.remoteId) && obj.version !== null) await applyRemoval(ctx, obj.remoteId);
  }
  return cursor;
}

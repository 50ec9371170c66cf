// Remote → CRM by sync-collection (RFC 6578): changed members are fetched with calendar-multiget
// (RFC 4791 §7.9), removed ones go to the recycle bin. An invalid token (403 valid-sync-token,
// §3.2) restarts from an empty token; objects are matched by href, then by UID, so a full resync
// links what exists instead of creating it again. 507 (§3.6) means "ask again with the new token".
import { CaldavError, type RemoteObject } from '../../adapters/caldav-client.js';
import type { LinkObject } from '../../store/caldav-links/link-types.js';
import type { CrmRecord } from '../../store/types.js';
import { getModule } from '../../store/modules/registry.js';
import { checkAborted, modulesOf, type RunContext } from './context.js';
import {
  fieldsHash,
  FOREIGN_COMPONENT,
  readRemote,
  recordFields,
  type RemoteEvent,
} from './fields.js';
import { createRecord, deleteRecord, refreshObject, updateRecord } from './record-writes.js';

const MAX_ROUNDS = 100;
const OWN_UID = /^crm-(\d+)@gateway$/;

export interface PullResult {
  readonly token: string | null;
}

async function readRecord(ctx: RunContext, id: number): Promise<CrmRecord | null> {
  const status = await ctx.store.records.status(id);
  return status ? ctx.store.records.read(getModule(status.module), id, true) : null;
}

/** The link object for a remote href: by href, else by UID (moved or recreated), else our own UID. */
async function known(
  ctx: RunContext,
  href: string,
  remote: RemoteEvent,
): Promise<LinkObject | null> {
  const byHref = await ctx.links.object(ctx.link.id, href);
  if (byHref) return byHref;
  const byUid = await ctx.links.objectByUid(ctx.link.id, remote.uid);
  if (byUid) {
    await ctx.links.removeObject(ctx.link.id, byUid.href);
    return { ...byUid, href };
  }
  const own = OWN_UID.exec(remote.uid);
  if (!own) return null;
  // An object we created whose link was not saved (stopped between PUT and commit): adopt it.
  const record = await readRecord(ctx, Number(own[1]));
  if (!record || record.owner.kind !== 'user' || record.owner.id !== ctx.link.userId) return null;
  const fields = recordFields(record);
  return fields
    ? {
        linkId: ctx.link.id,
        href,
        recordId: record.id,
        uid: remote.uid,
        etag: null,
        ics: '',
        contentHash: fieldsHash(fields),
      }
    : null;
}

async function applyObject(ctx: RunContext, obj: RemoteObject): Promise<void> {
  let remote: RemoteEvent;
  try {
    remote = readRemote(obj.ics);
  } catch (err) {
    // Journals and such are not activities: skipped. Broken objects are reported and keep the token.
    if (FOREIGN_COMPONENT.test((err as Error).message)) return;
    ctx.problems.push(`${obj.href}: ${(err as Error).message}`);
    ctx.tally.failed++;
    return;
  }
  if (!modulesOf(ctx).includes(remote.module)) return;
  const stored = await known(ctx, obj.href, remote);
  const hash = fieldsHash(remote.fields);
  const input = { href: obj.href, uid: remote.uid, etag: obj.etag, ics: obj.ics };
  if (!stored || stored.recordId === null) {
    await createRecord(ctx, remote, { ...input, contentHash: hash });
    ctx.tally.pulledCreated++;
    return;
  }
  if (stored.etag === obj.etag && stored.ics === obj.ics) return;
  const record = await readRecord(ctx, stored.recordId);
  const crm = record ? recordFields(record) : null;
  if (!record || !crm) return;
  const status = await ctx.store.records.status(record.id);
  if (status?.deleted) return; // the push of the CRM delete handles it
  const crmHash = fieldsHash(crm);
  if (hash === stored.contentHash) {
    await refreshObject(ctx, record, remote, { ...input, contentHash: hash }, crmHash === hash);
    return;
  }
  if (crmHash !== stored.contentHash && crmHash !== hash) {
    // Both sides changed the synced fields: the newer change wins
    // (test/gateway/caldav-bridge/conflict.test.ts).
    const crmMs = Date.parse(record.modifiedTime.replace(' ', 'T') + 'Z');
    const remoteWins = (remote.changedMs ?? 0) >= crmMs;
    ctx.tally.conflicts++;
    ctx.conflicts.push({
      href: obj.href,
      recordId: record.id,
      winner: remoteWins ? 'remote' : 'crm',
      loser: remoteWins ? crm : remote.fields,
    });
    if (!remoteWins) {
      // Keep the remote text as the base but the old hash, so the push sends the CRM's fields.
      await refreshObject(
        ctx,
        record,
        remote,
        { ...input, contentHash: stored.contentHash },
        false,
      );
      return;
    }
  }
  await updateRecord(ctx, record.module, record.id, remote, { ...input, contentHash: hash });
  ctx.tally.pulledUpdated++;
}

async function applyRemoval(ctx: RunContext, href: string): Promise<void> {
  const stored = await ctx.links.object(ctx.link.id, href);
  if (!stored) return;
  const status = stored.recordId === null ? null : await ctx.store.records.status(stored.recordId);
  if (stored.recordId === null || !status || status.deleted) {
    await ctx.links.removeObject(ctx.link.id, href);
    return;
  }
  await deleteRecord(ctx, status.module, stored.recordId, href);
  ctx.tally.pulledDeleted++;
}

async function fetchChanged(
  ctx: RunContext,
  changed: readonly { href: string; etag: string | null }[],
): Promise<RemoteObject[]> {
  const wanted: string[] = [];
  for (const c of changed) {
    const stored = await ctx.links.object(ctx.link.id, c.href);
    if (!stored || stored.etag === null || stored.etag !== c.etag) wanted.push(c.href);
  }
  return wanted.length === 0 ? [] : ctx.client.multiget(ctx.calendarUrl, wanted);
}

/** Pulls every change since `token` (null = everything); returns the token to store. */
export async function pull(ctx: RunContext, startToken: string | null): Promise<PullResult> {
  let token = startToken;
  let full = token === null;
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    checkAborted(ctx);
    let changes;
    try {
      changes = await ctx.client.syncCollection(ctx.calendarUrl, token);
    } catch (err) {
      if (!(err instanceof CaldavError) || err.code !== 'invalid_sync_token' || token === null)
        throw err;
      token = null;
      full = true;
      continue;
    }
    for (const obj of await fetchChanged(ctx, changes.changed)) {
      checkAborted(ctx);
      await applyObject(ctx, obj);
    }
    for (const c of changes.changed) seen.add(c.href);
    for (const href of changes.removed) await applyRemoval(ctx, href);
    token = changes.token;
    if (!changes.truncated) break;
  }
  if (full) {
    // After a full listing, what we still hold but the server no longer lists was deleted there.
    for (const obj of await ctx.links.objects(ctx.link.id))
      if (!seen.has(obj.href) && obj.etag !== null) await applyRemoval(ctx, obj.href);
  }
  return { token };
}

// CRM → remote: every change log entry (store/change-log.ts) of an activity since the
// link's last position is sent at once. Writes are guarded (RFC 4791 §5.3.2, RFC 9110 §13.1.1):
// a new object with If-None-Match: *, a known one with If-Match: <etag>. A 412 means the remote
// changed meanwhile: the newer change wins and the loser goes to the exchange log.
import { CaldavError } from '../../adapters/caldav-client.js';
import { CalendarObjectRepository } from '../../store/caldav/calendar-objects.js';
import { ownedRecordIds } from '../../store/caldav-links/link-repository.js';
import type { LinkObject } from '../../store/caldav-links/link-types.js';
import { getModule } from '../../store/modules/registry.js';
import type { CrmRecord } from '../../store/types.js';
import { renderRecord } from '../../formats/ical/from-crm.js';
import { checkAborted, componentOf, modulesOf, type RunContext } from './context.js';
import { fieldsHash, notPast, readRemote, recordFields, type SyncedFields } from './fields.js';
import { freshIcs, patchIcs } from './ics-patch.js';
import { saveObjectOnly, updateRecord } from './record-writes.js';

const BATCH = 500;

function hrefFor(ctx: RunContext, uid: string): string {
  return new URL(
    encodeURIComponent(uid.replace(/[^A-Za-z0-9@._-]/g, '_')) + '.ics',
    ctx.calendarUrl,
  ).href;
}

/** The text of a record that has no remote object yet: the gateway CalDAV server's copy (rule, exceptions) or a new one. */
async function firstText(
  ctx: RunContext,
  record: CrmRecord,
  fields: SyncedFields,
): Promise<{ uid: string; ics: string }> {
  const stored = await new CalendarObjectRepository(ctx.store.db.knex).get(record.id);
  if (stored) {
    const ics = renderRecord(record, stored);
    return { uid: stored.uid, ics: patchIcs(ics, fields, ctx.now()) };
  }
  const uid = `crm-${record.id}@gateway`;
  return { uid, ics: freshIcs(uid, fields, ctx.now(), componentOf(record.module)) };
}

async function create(ctx: RunContext, record: CrmRecord, fields: SyncedFields): Promise<void> {
  const { uid, ics } = await firstText(ctx, record, fields);
  const href = hrefFor(ctx, uid);
  let etag: string | null;
  try {
    etag = await ctx.client.put(href, ics, { ifNoneMatch: '*' });
  } catch (err) {
    if (!(err instanceof CaldavError) || err.code !== 'precondition_failed') throw err;
    // Already there: an earlier run stopped after its PUT. Overwrite what we know is ours.
    const there = await ctx.client.get(href);
    if (!there || there.etag === null) throw err;
    etag = await ctx.client.put(href, ics, { ifMatch: there.etag });
  }
  await saveObjectOnly(ctx, record.module, record.id, {
    href,
    uid,
    etag,
    ics,
    contentHash: fieldsHash(fields),
  });
  ctx.tally.pushedCreated++;
}

async function update(
  ctx: RunContext,
  record: CrmRecord,
  fields: SyncedFields,
  obj: LinkObject,
): Promise<void> {
  const ics = patchIcs(obj.ics, fields, ctx.now());
  try {
    const etag = await ctx.client.put(
      obj.href,
      ics,
      obj.etag ? { ifMatch: obj.etag } : { ifNoneMatch: '*' },
    );
    await saveObjectOnly(ctx, record.module, record.id, {
      href: obj.href,
      uid: obj.uid,
      etag,
      ics,
      contentHash: fieldsHash(fields),
    });
    ctx.tally.pushedUpdated++;
  } catch (err) {
    if (!(err instanceof CaldavError) || err.code !== 'precondition_failed') throw err;
    await resolveUpdateConflict(ctx, record, fields, obj);
  }
}

/** 412 on update: compare the remote's LAST-MODIFIED with the CRM's modified time. */
async function resolveUpdateConflict(
  ctx: RunContext,
  record: CrmRecord,
  fields: SyncedFields,
  obj: LinkObject,
): Promise<void> {
  ctx.tally.conflicts++;
  const there = await ctx.client.get(obj.href);
  if (!there) {
    // Deleted remotely while edited here: the edit is newer (it came after our last sync), so recreate.
    ctx.conflicts.push({ href: obj.href, recordId: record.id, winner: 'crm', loser: 'deleted' });
    await ctx.links.removeObject(ctx.link.id, obj.href);
    await create(ctx, record, fields);
    return;
  }
  const remote = readRemote(there.ics);
  const crmMs = Date.parse(record.modifiedTime.replace(' ', 'T') + 'Z');
  if ((remote.changedMs ?? 0) > crmMs) {
    ctx.conflicts.push({ href: obj.href, recordId: record.id, winner: 'remote', loser: fields });
    await updateRecord(ctx, record.module, record.id, remote, {
      href: obj.href,
      uid: remote.uid,
      etag: there.etag,
      ics: there.ics,
      contentHash: fieldsHash(remote.fields),
    });
    ctx.tally.pulledUpdated++;
    return;
  }
  ctx.conflicts.push({ href: obj.href, recordId: record.id, winner: 'crm', loser: remote.fields });
  const ics = patchIcs(there.ics, fields, ctx.now());
  const etag = await ctx.client.put(
    obj.href,
    ics,
    there.etag ? { ifMatch: there.etag } : { ifNoneMatch: '*' },
  );
  await saveObjectOnly(ctx, record.module, record.id, {
    href: obj.href,
    uid: obj.uid,
    etag,
    ics,
    contentHash: fieldsHash(fields),
  });
  ctx.tally.pushedUpdated++;
}

async function remove(ctx: RunContext, obj: LinkObject, deletedAtMs: number): Promise<void> {
  try {
    await ctx.client.delete(obj.href, obj.etag);
  } catch (err) {
    if (!(err instanceof CaldavError) || err.code !== 'precondition_failed') throw err;
    ctx.tally.conflicts++;
    const there = await ctx.client.get(obj.href);
    const remote = there ? readRemote(there.ics) : null;
    if (there && remote && (remote.changedMs ?? 0) > deletedAtMs && obj.recordId !== null) {
      // Edited remotely after the CRM deleted it: the edit wins, the record comes back.
      ctx.conflicts.push({
        href: obj.href,
        recordId: obj.recordId,
        winner: 'remote',
        loser: 'deleted',
      });
      await ctx.store.recycleBin.restore(ctx.actor, [obj.recordId]);
      await updateRecord(ctx, remote.module, obj.recordId, remote, {
        href: obj.href,
        uid: remote.uid,
        etag: there.etag,
        ics: there.ics,
        contentHash: fieldsHash(remote.fields),
      });
      return;
    }
    ctx.conflicts.push({
      href: obj.href,
      recordId: obj.recordId,
      winner: 'crm',
      loser: remote?.fields ?? null,
    });
    await ctx.client.delete(obj.href, there?.etag ?? null);
  }
  await ctx.links.removeObject(ctx.link.id, obj.href);
  ctx.tally.pushedDeleted++;
}

/** Brings the remote copy of one record in line with the CRM; `changedAtMs` is when the CRM changed it. */
export async function pushRecord(
  ctx: RunContext,
  recordId: number,
  changedAtMs: number,
  onlyIfNotPast = false,
): Promise<void> {
  const status = await ctx.store.records.status(recordId);
  const record = status
    ? await ctx.store.records.read(getModule(status.module), recordId, true)
    : null;
  const obj = await ctx.links.objectForRecord(ctx.link.id, recordId);
  const ours =
    record !== null &&
    !status?.deleted &&
    record.owner.kind === 'user' &&
    record.owner.id === ctx.link.userId;
  if (!ours || !record) {
    // Deleted, purged or assigned to someone else: it leaves this user's calendar.
    if (obj) await remove(ctx, obj, changedAtMs);
    return;
  }
  const fields = recordFields(record);
  if (!fields) return;
  if (obj === null) {
    if (!onlyIfNotPast || notPast(fields, ctx.now())) await create(ctx, record, fields);
    return;
  }
  if (obj.contentHash === fieldsHash(fields)) return; // unchanged, or our own pull echoing back
  await update(ctx, record, fields, obj);
}

/** Pushes the activities changed since the link's position; returns the new position. */
export async function pushChanges(
  ctx: RunContext,
  fromSeq: number,
  toSeq: number,
): Promise<number> {
  let position = fromSeq;
  while (position < toSeq) {
    const changes = (
      await ctx.store.changeLog.since(position, { modules: modulesOf(ctx), limit: BATCH })
    ).filter((c) => c.seq <= toSeq);
    if (changes.length === 0) break;
    const done = new Set<number>();
    for (const change of changes) {
      checkAborted(ctx);
      if (!done.has(change.recordId)) {
        await pushRecord(
          ctx,
          change.recordId,
          Date.parse(change.changedAt.replace(' ', 'T') + 'Z'),
        );
        done.add(change.recordId);
      }
      position = change.seq;
      await ctx.links.progress(ctx.link.id, { lastSeq: position });
    }
  }
  return toSeq;
}

/** First sync: every activity (event, and task where the calendar takes VTODO) of the user with a date not in the past goes out. */
export async function pushInitial(ctx: RunContext): Promise<void> {
  for (const module of modulesOf(ctx)) {
    for (const id of await ownedRecordIds(ctx.store.db.knex, module, ctx.link.userId)) {
      checkAborted(ctx);
      await pushRecord(ctx, id, ctx.now(), true);
    }
  }
}

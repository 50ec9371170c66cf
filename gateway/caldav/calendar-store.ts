// A user's events and tasks calendars over the CRM store (RFC 4791 §4.2): members are the live
// Events / Calendar records the user owns; hrefs map to records through sync links (system
// 'caldav'), and records that never came through CalDAV get `crm-<id>.ics`.
import { createHash } from 'node:crypto';
import type { CrmRecord } from '../../store/types.js';
import type { CaldavDeps, DavPrincipal } from './deps.js';
import { renderRecord } from './ical/from-crm.js';
import { CALENDAR_MODULE, type CalendarName } from './paths.js';

export const SYNC_SYSTEM = 'caldav';
/** RFC 6578 §3.2: an opaque URI; ours carries the change log sequence. */
export const SYNC_PREFIX = 'http://crm-gateway/ns/sync/';

export interface LoadedObject {
  readonly record: CrmRecord;
  readonly name: string;
  readonly ics: string;
  readonly etag: string;
}

export function connectionOf(userId: number, cal: CalendarName): string {
  return `u${userId}/${cal}`;
}

/** Strong ETag (RFC 4918 §8.6) of the bytes we serve. */
export function etagOf(ics: string): string {
  return `"${createHash('sha256').update(ics).digest('hex').slice(0, 32)}"`;
}

/** Record id → href name for the user's calendar. */
export async function namesOf(deps: CaldavDeps, userId: number, cal: CalendarName): Promise<Map<number, string>> {
  const links = await deps.store.syncLinks.forConnection(SYNC_SYSTEM, connectionOf(userId, cal));
  return new Map(links.map((l) => [l.recordId, l.remoteId]));
}

export async function resolveName(deps: CaldavDeps, userId: number, cal: CalendarName, name: string): Promise<number | null> {
  const link = await deps.store.syncLinks.find(SYNC_SYSTEM, connectionOf(userId, cal), name);
  if (link) return link.recordId;
  const m = /^crm-(\d{1,15})\.ics$/.exec(name);
  return m ? Number(m[1]) : null;
}

export function isMember(record: CrmRecord, userId: number): boolean {
  return record.owner.kind === 'user' && record.owner.id === userId;
}

export async function loadObject(deps: CaldavDeps, p: DavPrincipal, cal: CalendarName, recordId: number, name: string): Promise<LoadedObject | null> {
  const record = await deps.store.records.get(p.actor, CALENDAR_MODULE[cal], recordId);
  if (!record || !isMember(record, p.user.id)) return null;
  const ics = renderRecord(record, await deps.objects.get(recordId));
  return { record, name, ics, etag: etagOf(ics) };
}

export async function loadByName(deps: CaldavDeps, p: DavPrincipal, cal: CalendarName, name: string): Promise<LoadedObject | null> {
  const id = await resolveName(deps, p.user.id, cal, name);
  if (id === null) return null;
  const names = await namesOf(deps, p.user.id, cal);
  // A record with a client-chosen name answers only under that name.
  if ((names.get(id) ?? `crm-${id}.ics`) !== name) return null;
  return loadObject(deps, p, cal, id, name);
}

export async function syncToken(deps: CaldavDeps): Promise<string> {
  return `${SYNC_PREFIX}${await deps.store.changeLog.latestSeq()}`;
}

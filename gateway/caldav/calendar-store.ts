// The calendars of a home over the CRM store (RFC 4791 §4.2): members of the user's own events and
// tasks calendars are the live Events / Calendar records the user owns; a group calendar holds the
// records owned by a group the user belongs to and is read-only. Hrefs map to records through sync
// links (system 'caldav'); records that never came through CalDAV get `crm-<id>.ics`. Members are
// loaded in batches (records, stored objects) so a 10,000-object sync is a handful of queries.
import { createHash } from 'node:crypto';
import { GatewayError } from '../../store/errors.js';
import type { CrmRecord, Owner } from '../../store/types.js';
import type { CaldavDeps, DavPrincipal } from './deps.js';
import { renderRecord } from '../../formats/ical/from-crm.js';
import { CALENDAR_MODULE, slugName, type CalendarSlug } from './paths.js';

export const SYNC_SYSTEM = 'caldav';

export interface LoadedObject {
  readonly record: CrmRecord;
  readonly name: string;
  readonly ics: string;
  readonly etag: string;
}

/** One calendar of the principal's home, resolved. */
export interface DavCalendar {
  readonly slug: CalendarSlug;
  readonly module: 'Events' | 'Calendar';
  readonly owner: Owner;
  /**
   * False for group calendars (gateway/caldav/README.md §1.2: no write privileges on read-only CRM
   * calendars).
   */
  readonly writable: boolean;
  /** The home's user name, for hrefs. */
  readonly userName: string;
  readonly userId: number;
  /** The group's name for group calendars. */
  readonly groupName: string | null;
}

export function connectionOf(userId: number, cal: CalendarSlug): string {
  return `u${userId}/${slugName(cal)}`;
}

/** Strong ETag (RFC 4918 §8.6) of the bytes we serve. */
export function etagOf(ics: string): string {
  return `"${createHash('sha256').update(ics).digest('hex').slice(0, 32)}"`;
}

export async function calendarFor(
  deps: CaldavDeps,
  p: DavPrincipal,
  slug: CalendarSlug,
): Promise<DavCalendar> {
  const base = {
    slug,
    module: CALENDAR_MODULE[slug.component],
    userName: p.user.userName,
    userId: p.user.id,
  };
  if (slug.group === null)
    return { ...base, owner: { kind: 'user', id: p.user.id }, writable: true, groupName: null };
  const group = p.actor.groupIds.includes(slug.group)
    ? await deps.store.groups.get(slug.group)
    : null;
  if (!group) throw new GatewayError('not_found', `No calendar ${slugName(slug)}`);
  return {
    ...base,
    owner: { kind: 'group', id: group.id },
    writable: false,
    groupName: group.name,
  };
}

/** The calendars of the principal's home: own events and tasks, then the groups' in group order. */
export async function homeCalendars(deps: CaldavDeps, p: DavPrincipal): Promise<DavCalendar[]> {
  const slugs: CalendarSlug[] = [
    { component: 'events', group: null },
    { component: 'tasks', group: null },
  ];
  for (const group of [...p.actor.groupIds].sort((a, b) => a - b)) {
    slugs.push({ component: 'events', group }, { component: 'tasks', group });
  }
  const out: DavCalendar[] = [];
  for (const slug of slugs) {
    try {
      out.push(await calendarFor(deps, p, slug));
    } catch (err) {
      if (!(err instanceof GatewayError && err.kind === 'not_found')) throw err;
    }
  }
  return out;
}

/** Record id → href name; group calendars use `crm-<id>.ics` only. */
export async function namesOf(deps: CaldavDeps, cal: DavCalendar): Promise<Map<number, string>> {
  if (cal.owner.kind === 'group') return new Map();
  const links = await deps.store.syncLinks.forConnection(
    SYNC_SYSTEM,
    connectionOf(cal.userId, cal.slug),
  );
  return new Map(links.map((l) => [l.recordId, l.remoteId]));
}

/** Record id → href name for some records only (a sync page, query candidates). */
export async function namesFor(
  deps: CaldavDeps,
  cal: DavCalendar,
  recordIds: readonly number[],
): Promise<Map<number, string>> {
  if (cal.owner.kind === 'group') return new Map();
  return deps.objects.linkNames(SYNC_SYSTEM, connectionOf(cal.userId, cal.slug), { recordIds });
}

/** Href name → record id for the client-chosen names among `names`. */
export async function idsByName(
  deps: CaldavDeps,
  cal: DavCalendar,
  names: readonly string[],
): Promise<Map<string, number>> {
  if (cal.owner.kind === 'group') return new Map();
  const found = await deps.objects.linkNames(SYNC_SYSTEM, connectionOf(cal.userId, cal.slug), {
    names,
  });
  return new Map([...found].map(([id, name]) => [name, id]));
}

export { defaultObjectName as defaultName } from '../../store/caldav/calendar-objects.js';

/** The record an href name stands for, when that name is the record's current name. */
export async function resolveName(
  deps: CaldavDeps,
  cal: DavCalendar,
  name: string,
): Promise<number | null> {
  const connection = connectionOf(cal.userId, cal.slug);
  if (cal.owner.kind === 'user') {
    const link = await deps.store.syncLinks.find(SYNC_SYSTEM, connection, name);
    if (link) return link.recordId;
  }
  const m = /^crm-(\d{1,15})\.ics$/.exec(name);
  if (!m) return null;
  const id = Number(m[1]);
  // A record with a client-chosen name answers only under that name.
  const links =
    cal.owner.kind === 'user' ? await deps.store.syncLinks.forRecord(id, SYNC_SYSTEM) : [];
  return links.some((l) => l.connection === connection) ? null : id;
}

export function isMember(record: CrmRecord, cal: DavCalendar): boolean {
  return (
    record.module === cal.module &&
    record.owner.kind === cal.owner.kind &&
    record.owner.id === cal.owner.id
  );
}

/** The members among `entries` (id and href name), in the given order; others are left out. */
export async function loadMany(
  deps: CaldavDeps,
  cal: DavCalendar,
  entries: ReadonlyArray<{ readonly id: number; readonly name: string }>,
): Promise<LoadedObject[]> {
  const ids = entries.map((e) => e.id);
  const [records, stored] = await Promise.all([
    deps.objects.records(cal.module, ids),
    deps.objects.getMany(ids),
  ]);
  const out: LoadedObject[] = [];
  for (const { id, name } of entries) {
    const record = records.get(id);
    if (!record || !isMember(record, cal)) continue;
    const ics = renderRecord(record, stored.get(id) ?? null);
    out.push({ record, name, ics, etag: etagOf(ics) });
  }
  return out;
}

export async function loadObject(
  deps: CaldavDeps,
  cal: DavCalendar,
  recordId: number,
  name: string,
): Promise<LoadedObject | null> {
  return (await loadMany(deps, cal, [{ id: recordId, name }]))[0] ?? null;
}

export async function loadByName(
  deps: CaldavDeps,
  cal: DavCalendar,
  name: string,
): Promise<LoadedObject | null> {
  const id = await resolveName(deps, cal, name);
  return id === null ? null : loadObject(deps, cal, id, name);
}

/**
 * The calendar's position in the change log: the last change of its module. Writes to other
 * modules (Products, Leads, a 1C import) leave it, so clients re-sync only when calendars changed.
 */
export async function calendarPosition(deps: CaldavDeps, cal: DavCalendar): Promise<number> {
  return deps.store.changeLog.latestSeq([cal.module]);
}

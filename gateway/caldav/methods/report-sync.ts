// REPORT sync-collection (RFC 6578 §3): tokens are change log sequence numbers, so they change on
// every write and never repeat (gateway/caldav/README.md §1.3). Changed members come with their
// properties, removed ones as bare 404s; a page cut by `limit` or our own cap ends with a 507
// response and a token for only what was returned, so the client loops (§3.6). Unknown tokens: 403
// valid-sync-token.
import { GatewayError } from '../../../store/errors.js';
import type { Change, Owner } from '../../../store/types.js';
import {
  defaultName,
  loadMany,
  namesFor,
  SYNC_PREFIX,
  type DavCalendar,
} from '../calendar-store.js';
import type { CaldavDeps, DavRequest } from '../deps.js';
import { calendarHref, objectHref } from '../paths.js';
import { responseFor, type PropRequest } from '../prop-request.js';
import { calendarObjects, objectResource } from '../resources.js';
import type { DavResponse } from '../../../formats/webdav/multistatus.js';
import { child, DAV_NS, type XmlElement } from '../../../formats/webdav/parse-xml.js';

export interface SyncAnswer {
  readonly responses: DavResponse[];
  readonly token: string;
}

const invalidToken = (): GatewayError =>
  new GatewayError('forbidden', 'The sync token is not valid', {
    dav: { precondition: { ns: DAV_NS, name: 'valid-sync-token' } },
  });

function parseToken(text: string, latest: number): number | null {
  const t = text.trim();
  if (t === '') return null;
  if (!t.startsWith(SYNC_PREFIX)) throw invalidToken();
  const seq = Number(t.slice(SYNC_PREFIX.length));
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > latest) throw invalidToken();
  return seq;
}

function pageSize(root: XmlElement, cap: number): number {
  const n = Number(
    child(child(root, DAV_NS, 'limit') ?? root, DAV_NS, 'nresults')?.text.trim() ?? NaN,
  );
  return Number.isInteger(n) && n > 0 ? Math.min(n, cap) : cap;
}

/** Last change per record, in change order; whether the calendar's owner owned it at one of those changes. */
function byRecord(changes: readonly Change[], owner: Owner): Map<number, boolean> {
  const out = new Map<number, boolean>();
  for (const c of changes) {
    const ours =
      (out.get(c.recordId) ?? false) || (c.owner?.kind === owner.kind && c.owner.id === owner.id);
    out.delete(c.recordId);
    out.set(c.recordId, ours);
  }
  return out;
}

export async function syncCollection(
  deps: CaldavDeps,
  req: DavRequest,
  cal: DavCalendar,
  root: XmlElement,
  props: PropRequest,
): Promise<SyncAnswer> {
  if (child(root, DAV_NS, 'sync-level')?.text.trim() === 'infinite') {
    throw new GatewayError('forbidden', 'sync-level infinite is not supported', {
      dav: { precondition: { ns: DAV_NS, name: 'sync-traversal-supported' } },
    });
  }
  const latest = await deps.store.changeLog.latestSeq();
  const since = parseToken(child(root, DAV_NS, 'sync-token')?.text ?? '', latest);
  const p = req.principal;
  const ctx = { me: p.user, maxResourceBytes: deps.limits.maxResourceBytes };
  if (since === null) {
    // Initial sync (§3.4): current members only, never old tombstones.
    const all = await calendarObjects(deps, cal);
    return {
      responses: all.map((o) => responseFor(objectResource(cal, o), props, ctx)),
      token: `${SYNC_PREFIX}${latest}`,
    };
  }
  const size = pageSize(root, deps.limits.syncPageSize);
  const changes = (
    await deps.store.changeLog.since(since, { modules: [cal.module], limit: size + 1 })
  ).filter((c) => c.seq <= latest);
  const truncated = changes.length > size;
  const page = truncated ? changes.slice(0, size) : changes;
  const records = byRecord(page, cal.owner);
  const links = await namesFor(deps, cal, [...records.keys()]);
  const stored = await deps.objects.names([...records.keys()]);
  // Live members answer under their current name; a deleted one under the name its client gave it
  // (its link went to the recycle bin with the record, the stored object keeps the name).
  const liveName = (id: number): string => links.get(id) ?? defaultName(id);
  const goneName = (id: number): string =>
    links.get(id) ?? (cal.owner.kind === 'user' ? stored.get(id) : undefined) ?? defaultName(id);
  const loaded = new Map(
    (
      await loadMany(
        deps,
        cal,
        [...records.keys()].map((id) => ({ id, name: liveName(id) })),
      )
    ).map((o) => [o.record.id, o]),
  );
  const responses: DavResponse[] = [];
  for (const [id, wasOurs] of records) {
    const object = loaded.get(id);
    if (object) responses.push(responseFor(objectResource(cal, object), props, ctx));
    // A record handed to another owner is gone from this calendar: its last change names the new
    // owner, so our own href link (or an earlier change of ours) tells us it used to be here.
    else if (wasOurs || links.has(id))
      responses.push({ href: objectHref(cal.userName, cal.slug, goneName(id)), status: 404 });
  }
  if (truncated)
    responses.push({
      href: calendarHref(cal.userName, cal.slug),
      status: 507,
      error: { ns: DAV_NS, name: 'number-of-matches-within-limits' },
    });
  const last = page[page.length - 1];
  return { responses, token: `${SYNC_PREFIX}${truncated && last ? last.seq : latest}` };
}

// A calendar's changes since a sync position (RFC 6578 §3.5), read from the change log of its
// module: per record its last change in the range, a live member with its properties, a member
// that left the calendar (deleted, or handed to another owner) as its href.
import type { Change, Owner } from '../../store/types.js';
import type { ChangePage, SyncChange } from '../dav/resource.js';
import { defaultName, loadMany, namesFor, type DavCalendar } from './calendar-store.js';
import type { CaldavDeps } from './deps.js';
import { objectHref } from './paths.js';
import { objectResource, type CalendarObjectResource } from './resources.js';

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

export async function changesSince(
  deps: CaldavDeps,
  cal: DavCalendar,
  since: number,
  upTo: number,
  size: number,
): Promise<ChangePage<CalendarObjectResource>> {
  const changes = (
    await deps.store.changeLog.since(since, { modules: [cal.module], limit: size + 1 })
  ).filter((c) => c.seq <= upTo);
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
  const out: Array<SyncChange<CalendarObjectResource>> = [];
  for (const [id, wasOurs] of records) {
    const object = loaded.get(id);
    if (object) out.push({ member: objectResource(cal, object) });
    // A record handed to another owner is gone from this calendar: its last change names the new
    // owner, so our own href link (or an earlier change of ours) tells us it used to be here.
    else if (wasOurs || links.has(id))
      out.push({ removed: objectHref(cal.userName, cal.slug, goneName(id)) });
  }
  const last = page[page.length - 1];
  return { changes: out, cutAt: truncated && last ? last.seq : null };
}

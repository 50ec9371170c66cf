// DELETE of a calendar object (RFC 4918 §9.6): the CRM record goes to the recycle bin, which
// appends the change that sync-collection reports as a 404 member (RFC 6578 §3.5). The WebDAV
// core has checked write access (RFC 3744 §7.1.1 need-privileges for group calendars) and If-Match.
import type { DavCalendar, LoadedObject } from '../calendar-store.js';
import type { CaldavDeps, DavPrincipal } from '../deps.js';

export async function removeObject(
  deps: CaldavDeps,
  p: DavPrincipal,
  cal: DavCalendar,
  object: LoadedObject,
): Promise<void> {
  await deps.writer.remove(p.actor, cal.module, object.record.id);
}

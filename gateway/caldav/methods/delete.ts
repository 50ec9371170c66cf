// DELETE of a calendar object (RFC 4918 §9.6, If-Match per RFC 7232): the CRM record goes to the
// recycle bin, which appends the change that sync-collection reports as a 404 member (RFC 6578 §3.5).
// Group calendars are read-only (RFC 3744 §7.1.1 need-privileges).
import { GatewayError } from '../../../store/errors.js';
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import { calendarFor, loadByName } from '../calendar-store.js';
import { checkPreconditions } from '../preconditions.js';
import { needWrite, ownPath, parseOrNotFound } from '../resources.js';

export async function del(deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const path = parseOrNotFound(req.path);
  ownPath(req.principal, path);
  if (path.kind !== 'object')
    throw new GatewayError('forbidden', 'Only calendar objects can be deleted');
  const cal = await calendarFor(deps, req.principal, path.calendar);
  needWrite(cal);
  if (!req.principal.canWrite) throw new GatewayError('forbidden', 'The access token is read-only');
  const object = await loadByName(deps, cal, path.name);
  if (!object) throw new GatewayError('not_found', `No calendar object ${path.name}`);
  checkPreconditions(object.etag, req.ifMatch, null);
  await deps.writer.remove(req.principal.actor, cal.module, object.record.id);
  return { status: 204 };
}

// GET / HEAD of a calendar object resource (RFC 4791 §5.3.4 ETag, RFC 4918 §9.4): the stored
// client bytes, or the CRM record rendered as iCalendar.
import { GatewayError } from '../../../store/errors.js';
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import { parseOrNotFound, resolveResource } from '../resources.js';

export async function get(deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const path = parseOrNotFound(req.path);
  const r = await resolveResource(deps, req.principal, path, req.path);
  if (r.kind !== 'object')
    throw new GatewayError('method_not_allowed', 'GET is served for calendar objects only');
  return {
    status: 200,
    headers: {
      'content-type': `text/calendar; charset=utf-8; component=${r.calendar.slug.component === 'events' ? 'VEVENT' : 'VTODO'}`,
      etag: r.object.etag,
    },
    body: r.object.ics,
  };
}

// REPORT (RFC 3253 §3.6) on a calendar collection: calendar-query and calendar-multiget
// (RFC 4791 §7.8, §7.9) and sync-collection (RFC 6578 §3.2). Depth is ignored for
// sync-collection since Thunderbird sends Depth: 1 (gateway/caldav/README.md §1.3). Others: 403
// supported-report. A calendar app listing a user's own calendar (sync-collection, calendar-query)
// counts as the user's activities being listed through the gateway: linked remote calendars are
// pulled.
import { GatewayError } from '../../../store/errors.js';
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import { XML_TYPE } from '../deps.js';
import { propNames, type PropRequest } from '../prop-request.js';
import { calendarFor } from '../calendar-store.js';
import { ownPath, parseOrNotFound } from '../resources.js';
import { multistatus } from '../../../formats/webdav/multistatus.js';
import {
  CALDAV_NS,
  child,
  DAV_NS,
  parseXml,
  type XmlElement,
} from '../../../formats/webdav/parse-xml.js';
import { multiget } from './report-multiget.js';
import { calendarQuery } from './report-query.js';
import { syncCollection } from './report-sync.js';

function propsOf(root: XmlElement): PropRequest {
  const prop = child(root, DAV_NS, 'prop');
  if (prop) return { mode: 'prop', names: propNames(prop) };
  return child(root, DAV_NS, 'propname') ? { mode: 'propname' } : { mode: 'allprop' };
}

export async function report(deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const root = parseXml(req.body);
  if (!root) throw new GatewayError('invalid_input', 'REPORT needs a body');
  const path = parseOrNotFound(req.path);
  ownPath(req.principal, path);
  const unsupported = new GatewayError('forbidden', `Report ${root.name} is not supported here`, {
    dav: { precondition: { ns: DAV_NS, name: 'supported-report' } },
  });
  if (path.kind !== 'calendar') throw unsupported;
  const cal = await calendarFor(deps, req.principal, path.calendar);
  const props = propsOf(root);
  const ok = (body: string): DavResult => ({
    status: 207,
    headers: { 'content-type': XML_TYPE },
    body,
  });
  const listing = root.name === 'sync-collection' || root.name === 'calendar-query';
  if (listing && cal.owner.kind === 'user') deps.onActivitiesListed?.(cal.module, cal.owner.id);
  if (root.ns === DAV_NS && root.name === 'sync-collection') {
    const answer = await syncCollection(deps, req, cal, root, props);
    return ok(multistatus(answer.responses, answer.token));
  }
  if (root.ns === CALDAV_NS && root.name === 'calendar-multiget')
    return ok(multistatus(await multiget(deps, req, cal, root, props)));
  if (root.ns === CALDAV_NS && root.name === 'calendar-query')
    return ok(multistatus(await calendarQuery(deps, req, cal, root, props)));
  throw unsupported;
}

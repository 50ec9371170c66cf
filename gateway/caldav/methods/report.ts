// REPORT (RFC 3253 §3.6) on a calendar collection: calendar-query and calendar-multiget
// (RFC 4791 §7.8, §7.9); sync-collection (RFC 6578 §3.2) is the WebDAV core's. Others: 403
// supported-report. A calendar-query of a user's own calendar announces the listing (listing.ts).
import type { PropRequest } from '../../dav/prop-request.js';
import { unsupportedReport } from '../../dav/methods/report.js';
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import { XML_TYPE } from '../deps.js';
import { calendarFor } from '../calendar-store.js';
import { calendarListed } from '../listing.js';
import { ownPath, parseOrNotFound } from '../resources.js';
import { multistatus } from '../../../formats/webdav/multistatus.js';
import { CALDAV_NS, type XmlElement } from '../../../formats/webdav/parse-xml.js';
import { multiget } from './report-multiget.js';
import { calendarQuery } from './report-query.js';

export async function report(
  deps: CaldavDeps,
  req: DavRequest,
  root: XmlElement,
  props: PropRequest,
): Promise<DavResult> {
  const path = parseOrNotFound(req.path);
  ownPath(req.principal, path);
  if (path.kind !== 'calendar') throw unsupportedReport(root);
  const cal = await calendarFor(deps, req.principal, path.calendar);
  const ok = (body: string): DavResult => ({
    status: 207,
    headers: { 'content-type': XML_TYPE },
    body,
  });
  if (root.ns === CALDAV_NS && root.name === 'calendar-multiget')
    return ok(multistatus(await multiget(deps, req, cal, root, props)));
  if (root.ns === CALDAV_NS && root.name === 'calendar-query') {
    calendarListed(deps, cal);
    return ok(multistatus(await calendarQuery(deps, req, cal, root, props)));
  }
  throw unsupportedReport(root);
}

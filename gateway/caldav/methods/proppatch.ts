// PROPPATCH (RFC 4918 §9.2): the CRM calendars' name, colour and description are fixed by the
// gateway, so each property is answered 403 on its own (caldav.md §1.2 "succeed or 403 per
// property"), which clients accept without disabling the calendar.
import { GatewayError } from '../../../store/errors.js';
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import { XML_TYPE } from '../deps.js';
import { ownPath, parseOrNotFound } from '../resources.js';
import { propEl, statusLine } from '../xml/multistatus.js';
import { DAV_NS, parseXml } from '../xml/parse-xml.js';
import { create } from 'xmlbuilder2';

export function proppatch(_deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const root = parseXml(req.body);
  if (!root || root.ns !== DAV_NS || root.name !== 'propertyupdate') throw new GatewayError('invalid_input', 'Expected a DAV:propertyupdate body');
  ownPath(req.principal, parseOrNotFound(req.path));
  const names = root.children.flatMap((op) => op.children.filter((c) => c.name === 'prop').flatMap((p) => p.children));
  const ms = create({ version: '1.0', encoding: 'utf-8' }).ele(DAV_NS, 'd:multistatus');
  const resp = ms.ele(DAV_NS, 'd:response');
  resp.ele(DAV_NS, 'd:href').txt(req.path);
  const ps = resp.ele(DAV_NS, 'd:propstat');
  const prop = ps.ele(DAV_NS, 'd:prop');
  for (const n of names) propEl(prop, { ns: n.ns, name: n.name });
  ps.ele(DAV_NS, 'd:status').txt(statusLine(403));
  return Promise.resolve({ status: 207, headers: { 'content-type': XML_TYPE }, body: ms.end() });
}

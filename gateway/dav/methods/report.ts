// REPORT (RFC 3253 §3.6): sync-collection (RFC 6578 §3.2) on any SyncCollection is the core's;
// every other report goes to the area that owns the path (CalDAV's calendar-query and
// calendar-multiget, RFC 4791 §7.8, §7.9). Depth is ignored for sync-collection since clients
// send Depth: 1 (Thunderbird). Elsewhere: 403 supported-report. A report never writes; listing
// a collection is announced through the core's onCollectionListed callback.
import { GatewayError } from '../../../store/errors.js';
import type { DavCore } from '../area.js';
import { propNames, type PropRequest } from '../prop-request.js';
import { XML_TYPE, type DavRequest, type DavResult } from '../request.js';
import { areaFor, resolve } from '../resolve.js';
import { isSyncCollection } from '../resource.js';
import { multistatus } from '../../../formats/webdav/multistatus.js';
import { child, DAV_NS, parseXml, type XmlElement } from '../../../formats/webdav/parse-xml.js';
import { syncCollection } from './sync-collection.js';

export function propsOf(root: XmlElement): PropRequest {
  const prop = child(root, DAV_NS, 'prop');
  if (prop) return { mode: 'prop', names: propNames(prop) };
  return child(root, DAV_NS, 'propname') ? { mode: 'propname' } : { mode: 'allprop' };
}

export function unsupportedReport(root: XmlElement): GatewayError {
  return new GatewayError('forbidden', `Report ${root.name} is not supported here`, {
    dav: { precondition: { ns: DAV_NS, name: 'supported-report' } },
  });
}

export async function report(core: DavCore, req: DavRequest): Promise<DavResult> {
  const root = parseXml(req.body);
  if (!root) throw new GatewayError('invalid_input', 'REPORT needs a body');
  const area = areaFor(core, req.principal, req.path);
  const props = propsOf(root);
  if (root.ns === DAV_NS && root.name === 'sync-collection') {
    const resolved = await resolve(core, req.principal, req.path);
    if (!isSyncCollection(resolved)) throw unsupportedReport(root);
    const collection = resolved.forReport?.(root) ?? resolved;
    core.onCollectionListed?.(collection, req.principal);
    const answer = await syncCollection(core, req.principal, collection, root, props);
    return {
      status: 207,
      headers: { 'content-type': XML_TYPE },
      body: multistatus(answer.responses, answer.token),
    };
  }
  if (!area?.report) throw unsupportedReport(root);
  return area.report(req, root, props);
}

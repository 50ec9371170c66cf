// PROPFIND (RFC 4918 §9.1) on every resource; Depth 0 and 1 (infinity is answered as 1, which
// RFC 4918 §9.1 allows servers to refuse; we stay lenient since our tree is two levels deep).
import type { CaldavDeps, DavRequest, DavResult } from '../deps.js';
import { XML_TYPE } from '../deps.js';
import { parsePropRequest, responseFor } from '../prop-request.js';
import { childrenOf, parseOrNotFound, resolveResource } from '../resources.js';
import { multistatus } from '../../../formats/webdav/multistatus.js';
import { parseXml } from '../../../formats/webdav/parse-xml.js';

export async function propfind(deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const request = parsePropRequest(parseXml(req.body));
  const path = parseOrNotFound(req.path);
  const resource = await resolveResource(deps, req.principal, path, req.path);
  const ctx = { me: req.principal.user, maxResourceBytes: deps.limits.maxResourceBytes };
  const targets =
    req.depth === '0'
      ? [resource]
      : [resource, ...(await childrenOf(deps, req.principal, resource))];
  return {
    status: 207,
    headers: { 'content-type': XML_TYPE },
    body: multistatus(targets.map((t) => responseFor(t, request, ctx))),
  };
}

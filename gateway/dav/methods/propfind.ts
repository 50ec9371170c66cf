// PROPFIND (RFC 4918 §9.1) on every resource; Depth 0 and 1 (infinity is answered as 1, which
// RFC 4918 §9.1 allows servers to refuse; we stay lenient since our tree is two levels deep).
import type { DavCore } from '../area.js';
import { XML_TYPE, type DavRequest, type DavResult } from '../request.js';
import { parsePropRequest, responseFor } from '../prop-request.js';
import { childrenOf, resolve } from '../resolve.js';
import { propCtx } from '../prop-ctx.js';
import { multistatus } from '../../../formats/webdav/multistatus.js';
import { parseXml } from '../../../formats/webdav/parse-xml.js';

export async function propfind(core: DavCore, req: DavRequest): Promise<DavResult> {
  const request = parsePropRequest(parseXml(req.body));
  const resource = await resolve(core, req.principal, req.path);
  const ctx = propCtx(core, req.principal);
  const targets = req.depth === '0' ? [resource] : [resource, ...(await childrenOf(resource))];
  return {
    status: 207,
    headers: { 'content-type': XML_TYPE },
    body: multistatus(targets.map((t) => responseFor(t, request, ctx))),
  };
}

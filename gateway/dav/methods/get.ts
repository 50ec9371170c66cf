// GET / HEAD of a member resource (RFC 4918 §9.4, ETag per RFC 7232 §2.3): the body the area
// serves for it; collections have none (405).
import { GatewayError } from '../../../store/errors.js';
import type { DavCore } from '../area.js';
import type { DavRequest, DavResult } from '../request.js';
import { resolve } from '../resolve.js';

export async function get(core: DavCore, req: DavRequest): Promise<DavResult> {
  const r = await resolve(core, req.principal, req.path);
  if (!r.content)
    throw new GatewayError('method_not_allowed', 'GET is served for collection members only');
  const content = r.negotiate ? r.negotiate(req.accept) : r.content;
  return {
    status: 200,
    headers: { 'content-type': content.type, etag: content.etag },
    body: content.body,
  };
}

// DELETE of a collection member (RFC 4918 §9.6, If-Match per RFC 7232 §3.1): the collection
// checks the principal may write, finds the member, and removes it; a sync-collection then
// reports it as a 404 member (RFC 6578 §3.5). Collections themselves are not deleted (403).
import { GatewayError } from '../../../store/errors.js';
import type { DavCore } from '../area.js';
import { splitMember } from '../paths.js';
import { checkPreconditions } from '../preconditions.js';
import type { DavRequest, DavResult } from '../request.js';
import { resolve } from '../resolve.js';
import { isCollection } from '../resource.js';

export async function del(core: DavCore, req: DavRequest): Promise<DavResult> {
  const p = req.principal;
  const target = splitMember(req.path);
  const parent = await resolve(core, p, target ? target.parent : req.path);
  if (!target || !isCollection(parent))
    throw new GatewayError('forbidden', 'Only members of a collection can be deleted');
  parent.checkWrite(p);
  if (!p.canWrite) throw new GatewayError('forbidden', 'The access token is read-only');
  const member = await parent.member(target.name);
  if (!member) throw new GatewayError('not_found', `No member ${target.name}`);
  // A member served in several formats matches If-Match by the ETag of whichever one the client read.
  const held = member.etags?.().find((e) => req.ifMatch?.includes(e));
  checkPreconditions(held ?? member.content?.etag ?? null, req.ifMatch, null);
  await parent.remove(member, p);
  return { status: 204 };
}

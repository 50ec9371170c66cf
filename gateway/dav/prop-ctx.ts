// The property context of one request: who asks, and which properties allprop leaves out
// (RFC 4918 §9.1).
import type { DavCore } from './area.js';
import type { PropCtx } from './prop-request.js';
import type { DavPrincipal } from './request.js';

export function propCtx(core: DavCore, p: DavPrincipal): PropCtx {
  return { me: p.user, hidden: core.hidden };
}

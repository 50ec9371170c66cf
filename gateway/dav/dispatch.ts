// One WebDAV request to its method core (RFC 4918 §9, RFC 6578 §3): the core's methods first,
// then the methods of the area that owns the path (CalDAV's PUT and MKCALENDAR, RFC 4791 §5.3).
import { GatewayError } from '../../store/errors.js';
import type { DavCore } from './area.js';
import { del } from './methods/delete.js';
import { get } from './methods/get.js';
import { checkNames } from './member-name.js';
import { allowOf } from './methods/options.js';
import { propfind } from './methods/propfind.js';
import { proppatch } from './methods/proppatch.js';
import { report } from './methods/report.js';
import type { DavRequest, DavResult } from './request.js';
import { areaFor } from './resolve.js';

const METHODS: Record<string, (core: DavCore, req: DavRequest) => Promise<DavResult>> = {
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  REPORT: report,
  GET: get,
  HEAD: get,
  DELETE: del,
};

export async function dispatch(core: DavCore, req: DavRequest): Promise<DavResult> {
  checkNames(req);
  const own = METHODS[req.method];
  if (own) return own(core, req);
  const areas = core.areas.filter((a) => a.methods?.[req.method]);
  const area = areas.length > 0 ? areaFor(core, req.principal, req.path) : null;
  // A method of an area also answers on the core's own paths (the area refuses it there itself).
  const run = (area ?? areas[0])?.methods?.[req.method];
  if (!run)
    throw new GatewayError('method_not_allowed', `Method ${req.method} is not allowed`, {
      allow: allowOf(core.areas),
    });
  return run(req);
}

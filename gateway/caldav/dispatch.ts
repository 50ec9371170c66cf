// One CalDAV request to its method core (RFC 4918 §9, RFC 4791 §5–§7, RFC 6578 §3).
import { GatewayError } from '../../store/errors.js';
import type { CaldavDeps, DavRequest, DavResult } from './deps.js';
import { del } from './methods/delete.js';
import { get } from './methods/get.js';
import { mkcalendar } from './methods/mkcalendar.js';
import { ALLOW } from './methods/options.js';
import { propfind } from './methods/propfind.js';
import { proppatch } from './methods/proppatch.js';
import { put } from './methods/put.js';
import { report } from './methods/report.js';

const METHODS: Record<string, (deps: CaldavDeps, req: DavRequest) => Promise<DavResult>> = {
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  REPORT: report,
  GET: get,
  HEAD: get,
  PUT: put,
  DELETE: del,
  MKCALENDAR: mkcalendar,
};

export function dispatch(deps: CaldavDeps, req: DavRequest): Promise<DavResult> {
  const run = METHODS[req.method];
  if (!run)
    throw new GatewayError('method_not_allowed', `Method ${req.method} is not allowed`, {
      allow: ALLOW,
    });
  return run(deps, req);
}

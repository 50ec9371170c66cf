// The WebDAV edge under /dav/ (RFC 4918; RFC 6764 §5 well-known): authentication, Depth, body
// limits, the method cores, and GatewayErrors rendered as DAV:error with the precondition
// (RFC 4918 §16). Mounted before the global body limit: PUT bodies get the member size limit, XML
// bodies their own.
import type { Context, Middleware, Next } from 'koa';
import { GatewayError, toGatewayError } from '../../store/errors.js';
import { readBody } from '../http-body.js';
import type { InternalErrorLog, RequestState } from '../middleware/request-context.js';
import type { DavCore } from './area.js';
import type { DavRequest, DavResult } from './request.js';
import { dispatch } from './dispatch.js';
import { options } from './methods/options.js';
import { DAV_ROOT } from './paths.js';
import { errorBody, type PropName } from '../../formats/webdav/multistatus.js';
import { DAV_NS } from '../../formats/webdav/parse-xml.js';

const DAV_ONLY_AT_ROOT = new Set(['PROPFIND', 'OPTIONS', 'REPORT']);

function handles(method: string, path: string): boolean {
  if (path.startsWith(DAV_ROOT) || path === '/dav') return true;
  return (
    (path === '/' || path === '/principals/' || path === '/principals') &&
    DAV_ONLY_AT_ROOT.has(method)
  );
}

function depthOf(header: string | undefined): DavRequest['depth'] {
  // A missing Depth means infinity (RFC 4918 §10.2); our tree is answered one level deep anyway.
  const d = (header ?? '').trim().toLowerCase();
  return d === '0' ? '0' : d === 'infinity' ? 'infinity' : '1';
}

function errorResult(core: DavCore, path: string, err: GatewayError): DavResult {
  const headers: Record<string, string> = { 'content-type': 'application/xml; charset=utf-8' };
  if (err.kind === 'unauthenticated')
    headers['www-authenticate'] = `Basic realm="${core.realm}", charset="UTF-8"`;
  if (err.details.allow) headers['allow'] = err.details.allow;
  // The precondition of the area the path belongs to (CalDAV's or CardDAV's max-resource-size).
  const segment = path.startsWith(DAV_ROOT) ? path.slice(DAV_ROOT.length).split('/')[0] : '';
  const tooLarge = (
    core.areas.find((a) => a.segment === segment) ?? core.areas.find((a) => a.tooLarge)
  )?.tooLarge;
  const precondition: PropName =
    err.details.dav?.precondition ??
    (err.kind === 'too_large' && tooLarge ? tooLarge : { ns: DAV_NS, name: 'error' });
  return {
    status: err.httpStatus,
    headers,
    body: errorBody(precondition, err.kind === 'internal' ? 'Internal error' : err.message),
  };
}

async function run(core: DavCore, ctx: Context): Promise<DavResult> {
  if (ctx.method === 'OPTIONS') return options(core);
  const principal = await core.authenticate(ctx.get('authorization') || undefined, ctx.ip || null);
  const limit = ctx.method === 'PUT' ? core.limits.maxResourceBytes : core.limits.maxXmlBytes;
  const body = ['PUT', 'PROPFIND', 'PROPPATCH', 'REPORT'].includes(ctx.method)
    ? (await readBody(ctx.req, limit)).toString('utf8')
    : '';
  return dispatch(core, {
    method: ctx.method,
    path: ctx.path,
    depth: depthOf(ctx.get('depth') || undefined),
    body,
    contentType: ctx.get('content-type'),
    ifMatch: ctx.get('if-match') || null,
    ifNoneMatch: ctx.get('if-none-match') || null,
    destination: ctx.get('destination') || null,
    accept: ctx.get('accept'),
    principal,
  });
}

export function davRouter(core: DavCore, onInternal: InternalErrorLog): Middleware<RequestState> {
  const wellKnown = new Set(
    core.areas.flatMap((a) =>
      a.wellKnown ? [`/.well-known/${a.wellKnown}`, `/.well-known/${a.wellKnown}/`] : [],
    ),
  );
  return async (ctx: Context, next: Next) => {
    if (wellKnown.has(ctx.path)) {
      ctx.status = 301; // RFC 6764 §5: a relative Location keeps the scheme behind TLS proxies.
      ctx.set('location', DAV_ROOT);
      return;
    }
    if (!handles(ctx.method, ctx.path)) return next();
    let result: DavResult;
    try {
      result = await run(core, ctx);
    } catch (err) {
      const gw = toGatewayError(err);
      if (gw.kind === 'internal') onInternal(err, ctx.state.log);
      result = errorResult(core, ctx.path, gw);
    }
    ctx.status = result.status;
    for (const [k, v] of Object.entries(result.headers ?? {})) ctx.set(k, v);
    if (result.body !== undefined && ctx.method !== 'HEAD') ctx.body = result.body;
    else if (result.status !== 204) ctx.body = '';
  };
}

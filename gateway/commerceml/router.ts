// /1c_exchange.php and its Bitrix alias (gateway/commerceml/README.md §1.1, §6.1): GET and POST for
// every mode, no body parser (mode=file streams the raw body to disk), and every answer HTTP 200
// plain text whose first line is success, progress or failure — 1C aborts on anything else, so
// errors are rendered here as `failure\n<reason>` and never as an HTML page. Mounted before the
// global body limit because upload parts are bounded by file_limit instead.
import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { isGatewayError } from '../errors.js';
import { basicUser, resolveSession } from './auth.js';
import type { CmlDeps } from './deps.js';
import { readCmlSettings } from './settings.js';
import { checkauth } from './modes/checkauth.js';
import { complete } from './modes/complete.js';
import { deactivate } from './modes/deactivate.js';
import { file } from './modes/file.js';
import { importMode } from './modes/import.js';
import { info } from './modes/info.js';
import { init } from './modes/init.js';
import { query, type QueryAnswer } from './modes/query.js';
import { saleFile } from './modes/sale-file.js';
import { saleSuccess } from './modes/sale-success.js';
import type { InternalErrorLog } from '../middleware/request-context.js';

export const CML_PATHS = ['/1c_exchange.php', '/bitrix/admin/1c_exchange.php'];

function param(ctx: ParameterizedContext, name: string): string | null {
  const v = ctx.query[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? null : s;
}

async function dispatch(
  ctx: ParameterizedContext,
  deps: CmlDeps,
  mode: string,
): Promise<string | QueryAnswer> {
  const type = param(ctx, 'type') ?? 'catalog';
  if (type !== 'catalog' && type !== 'sale') return `failure\nunknown type: ${type}`;
  const session = await resolveSession(deps, {
    authorization: ctx.get('authorization') || null,
    cookie: ctx.cookies.get(deps.cookieName) ?? null,
    sessid: param(ctx, 'sessid'),
    ip: ctx.ip || null,
  });
  const filename = param(ctx, 'filename');
  switch (`${type}:${mode}`) {
    case 'catalog:init':
    case 'sale:init':
      return init(deps, session, param(ctx, 'version'));
    case 'catalog:file':
      return file(deps, session, filename, ctx.req);
    case 'sale:file':
      return saleFile(deps, session, filename, ctx.req);
    case 'catalog:import':
    case 'sale:import':
      return importMode(deps, session, filename, type);
    case 'catalog:deactivate':
      return deactivate(deps, session, param(ctx, 'timestamp'));
    case 'catalog:complete':
      return complete(deps, session);
    case 'sale:query':
      return query(deps, session);
    case 'sale:success':
      return saleSuccess(deps, session);
    case 'sale:info':
      return info(deps);
    default:
      return `failure\nunknown mode for type=${type}: ${mode}`;
  }
}

async function handle(ctx: ParameterizedContext, deps: CmlDeps): Promise<string | QueryAnswer> {
  if (!(await readCmlSettings(deps.store)).enabled)
    return 'failure\nthe CommerceML exchange is switched off in the gateway';
  const mode = param(ctx, 'mode') ?? '';
  if (mode !== 'checkauth') return dispatch(ctx, deps, mode);
  const user = await basicUser(deps, ctx.get('authorization') || null, ctx.ip || null);
  if (!user) {
    // §1.2 recommendation: no credentials at all → 401 so 1C (and curl) sends Basic.
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Basic realm="1C"');
    return 'failure\nauthentication required';
  }
  return checkauth(deps, user.id);
}

export function commercemlRouter(deps: CmlDeps, onInternal: InternalErrorLog): Router {
  const router = new Router();
  const route = async (ctx: ParameterizedContext): Promise<void> => {
    let body: string;
    ctx.status = 200;
    try {
      const answer = await handle(ctx, deps);
      if (typeof answer !== 'string') {
        ctx.type = answer.contentType;
        ctx.body = answer.body;
        return;
      }
      body = answer;
    } catch (err) {
      if (!isGatewayError(err) || err.kind === 'internal') onInternal(err, ctx.state.log);
      body = `failure\n${isGatewayError(err) && err.kind !== 'internal' ? err.message : 'internal error'}`;
      ctx.req.resume();
    }
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = body;
  };
  for (const p of CML_PATHS) router.all(p, route);
  return router;
}

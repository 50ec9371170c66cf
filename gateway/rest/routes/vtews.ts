// /restapi/v1/vtews/<op> (gateway/rest/README.md §6): POST only, CORS open (`*`, POST and OPTIONS),
// JSON or form body, parameters from the query string first and then the body. Success is
// {"status":200,"data":…}; errors carry their HTTP status in the body and on the response, unless
// `_suppress_status_code=1` asks for HTTP 200.
import type { Middleware, ParameterizedContext } from 'koa';
import { GatewayError } from '../../../store/errors.js';
import type { RestDeps } from '../deps.js';
import { VTENEXT_ROUTES, type VtenextRoute } from '../operation-table.js';
import { toVtenextError, vtenextError } from '../vtenext-errors.js';
import { authenticateVtenext } from '../vtews-auth.js';
import { readBodyParams, type BodyParams } from './request-body.js';
import type { InternalErrorLog, RequestState } from '../../middleware/request-context.js';

function cors(ctx: ParameterizedContext): void {
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
  ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  ctx.set('Access-Control-Max-Age', '86400');
}

function respond(ctx: ParameterizedContext, status: number, body: unknown): void {
  cors(ctx);
  ctx.status = ctx.query._suppress_status_code === '1' ? 200 : status;
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

function routeOf(ctx: ParameterizedContext): VtenextRoute {
  const name = String(ctx.params.op ?? '');
  const route = ctx.method === 'POST' ? VTENEXT_ROUTES.get(name) : undefined;
  if (!route)
    throw vtenextError(
      400,
      'RouteNotFoundException',
      `There is no route for '${name.slice(0, 100)}'.`,
    );
  return route;
}

async function bodyOf(ctx: ParameterizedContext, deps: RestDeps): Promise<BodyParams> {
  try {
    return await readBodyParams(ctx, deps.limits.bodyLimitBytes);
  } catch (err) {
    if (err instanceof GatewayError && err.kind === 'invalid_input')
      throw vtenextError(400, 'BadRequestException', err.message);
    throw err;
  }
}

async function handle(ctx: ParameterizedContext<RequestState>, deps: RestDeps): Promise<unknown> {
  const route = routeOf(ctx);
  const { caller, scope } = await authenticateVtenext(
    deps,
    ctx.get('authorization'),
    ctx.ip || null,
  );
  const query = Object.fromEntries(
    Object.entries(ctx.query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const params = { ...(await bodyOf(ctx, deps)), ...query };
  for (const name of route.required) {
    if (params[name] === undefined || params[name] === null || params[name] === '') {
      throw vtenextError(400, 'MissingRequiredArgumentException', `Argument '${name}' is missing.`);
    }
  }
  // A token's scope is enforced per route: read-only apps cannot write, write-only apps cannot read.
  const needed = route.writes ? 'write' : 'read';
  if (scope !== null && !scope.split(' ').includes(needed)) {
    ctx.set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${needed}"`);
    throw vtenextError(
      403,
      'InsufficientScopeException',
      `The access token's scope (${scope}) does not allow ${String(ctx.params.op)}`,
    );
  }
  return route.run({
    deps,
    caller,
    params,
    dialect: 'vtenext',
    httpMethod: ctx.method,
    ip: ctx.ip || null,
    log: ctx.state.log,
  });
}

export function vtewsRoute(deps: RestDeps, onInternal: InternalErrorLog): Middleware {
  return async (ctx) => {
    try {
      const data = await handle(ctx, deps);
      respond(ctx, 200, { status: 200, data });
    } catch (err) {
      const error = toVtenextError(err);
      if (error.internal) onInternal(err, ctx.state.log);
      if (error.status === 401) ctx.set('WWW-Authenticate', 'Basic realm="vtenext", Bearer');
      respond(ctx, error.status, {
        status: error.status,
        error: error.error,
        message: error.message,
      });
    }
  };
}

/** CORS preflight (§6: index.php answers OPTIONS with the CORS headers). */
export function vtewsPreflight(): Middleware {
  return (ctx) => {
    cors(ctx);
    ctx.status = 200;
    ctx.body = '';
  };
}

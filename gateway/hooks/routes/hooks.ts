// /restapi/v1/hooks (gateway/hooks/README.md §1): REST hook subscriptions as Zapier's REST hooks
// pattern uses them — POST subscribes ({target_url, event, module, filter?} → {id, secret}), GET
// lists the caller's, DELETE /{id} unsubscribes, GET /poll returns the latest bodies. The caller
// authenticates as on /restapi/v1/vtews (Basic with the access key, or an OAuth2 bearer token,
// gateway/rest/README.md §6); hooks only read records, so a token needs the `read` scope.
import type { Middleware, ParameterizedContext } from 'koa';
import { GatewayError } from '../../../store/errors.js';
import { parseJsonObject, readBody } from '../../http-body.js';
import type { InternalErrorLog } from '../../middleware/request-context.js';
import type { RestDeps } from '../../rest/deps.js';
import { authenticateVtenext } from '../../rest/vtews-auth.js';
import { deliveryJson, subscriptionJson } from '../present.js';
import type { HookCaller, HookService } from '../service.js';

export interface HookRouteDeps {
  readonly rest: RestDeps;
  readonly hooks: HookService;
}

type Handler = (ctx: ParameterizedContext, caller: HookCaller) => Promise<unknown>;

async function callerOf(deps: HookRouteDeps, ctx: ParameterizedContext): Promise<HookCaller> {
  const { caller, scope } = await authenticateVtenext(
    deps.rest,
    ctx.get('authorization'),
    ctx.ip || null,
  );
  if (scope !== null && !scope.split(' ').includes('read')) {
    ctx.set('WWW-Authenticate', 'Bearer error="insufficient_scope", scope="read"');
    throw new GatewayError('forbidden', `The access token's scope (${scope}) does not allow hooks`);
  }
  return { userId: caller.user.id, actor: caller.actor };
}

function statusOf(err: unknown): { status: number; error: string; message: string } {
  if (err instanceof GatewayError) {
    const vt = err.details.vtenext;
    if (vt) return { status: vt.status, error: vt.exception, message: err.message };
    if (err.kind !== 'internal')
      return { status: err.httpStatus, error: err.kind, message: err.message };
  }
  return { status: 500, error: 'internal', message: 'internal error' };
}

export function hookRoute(
  deps: HookRouteDeps,
  handler: Handler,
  onInternal: InternalErrorLog,
  success = 200,
): Middleware {
  return async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    try {
      const caller = await callerOf(deps, ctx);
      const body = await handler(ctx, caller);
      ctx.status = body === null ? 204 : success;
      if (body !== null) ctx.body = body;
    } catch (err) {
      const e = statusOf(err);
      if (e.status === 500) onInternal(err, ctx.state.log);
      if (e.status === 401) ctx.set('WWW-Authenticate', 'Basic realm="vtenext", Bearer');
      ctx.status = e.status;
      ctx.body = { status: e.status, error: e.error, message: e.message };
    }
  };
}

function idParam(ctx: ParameterizedContext): number {
  const raw = String(ctx.params.id ?? '');
  if (!/^\d{1,12}$/.test(raw)) throw new GatewayError('not_found', 'no such hook subscription');
  return Number(raw);
}

function queryText(ctx: ParameterizedContext, name: string): string | null {
  const v = ctx.query[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

export const subscribe =
  (deps: HookRouteDeps, limit: number): Handler =>
  async (ctx, caller) => {
    if (!(ctx.get('content-type') || '').toLowerCase().startsWith('application/json'))
      throw new GatewayError('invalid_input', 'the body must be application/json');
    const body = parseJsonObject(await readBody(ctx.req, limit));
    const { subscription, secret } = await deps.hooks.subscribe(caller, body);
    ctx.set('Location', `/restapi/v1/hooks/${subscription.id}`);
    return { ...subscriptionJson(subscription), secret };
  };

export const unsubscribe =
  (deps: HookRouteDeps): Handler =>
  async (ctx, caller) => {
    await deps.hooks.unsubscribe(caller, idParam(ctx));
    return null;
  };

export const list =
  (deps: HookRouteDeps): Handler =>
  async (_ctx, caller) =>
    (await deps.hooks.list(caller)).map(subscriptionJson);

export const show =
  (deps: HookRouteDeps): Handler =>
  async (ctx, caller) =>
    subscriptionJson(await deps.hooks.owned(caller, idParam(ctx)));

export const poll =
  (deps: HookRouteDeps): Handler =>
  async (ctx, caller) =>
    deps.hooks.poll(caller, {
      event: queryText(ctx, 'event') ?? '',
      module: queryText(ctx, 'module') ?? '',
      filter: queryText(ctx, 'filter'),
      limit: Number(queryText(ctx, 'limit') ?? '10'),
    });

export const deadLetters =
  (deps: HookRouteDeps): Handler =>
  async (_ctx, caller) =>
    (await deps.hooks.deadLetters(caller)).map(deliveryJson);

export const redeliver =
  (deps: HookRouteDeps): Handler =>
  async (ctx, caller) => {
    await deps.hooks.redeliver(caller, idParam(ctx));
    return null;
  };

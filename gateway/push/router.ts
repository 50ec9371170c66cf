// The Web Push REST endpoints (gateway/push/README.md §2): the VAPID public key a browser passes
// to PushManager.subscribe (W3C Push API §3.2, RFC 8292 §3.2), and each user's own subscriptions
// and preferences. Callers authenticate as on /restapi/v1/vtews (Basic access key or OAuth
// Bearer, gateway/rest/README.md §6). Answers are JSON; errors {"status","error","message"}.
import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { GatewayError } from '../../store/errors.js';
import { parsePreferences } from '../../store/push/preferences.js';
import { parseSubscription } from '../../store/push/subscriptions.js';
import { readBody } from '../http-body.js';
import type { InternalErrorLog } from '../middleware/request-context.js';
import type { RestDeps } from '../rest/deps.js';
import { toVtenextError } from '../rest/vtenext-errors.js';
import { authenticateVtenext } from '../rest/vtews-auth.js';
import { checkEndpoint } from './endpoint-policy.js';
import type { PushService } from './service.js';

const BODY_LIMIT = 16 * 1024;
const BASE = '/restapi/v1/push';

function send(ctx: ParameterizedContext, status: number, body: unknown): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  if (status === 204) return;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

async function jsonBody(ctx: ParameterizedContext): Promise<unknown> {
  const text = (await readBody(ctx.req, BODY_LIMIT)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError('invalid_input', 'the body must be JSON');
  }
}

function errorBody(err: unknown): { status: number; body: unknown; internal: boolean } {
  if (err instanceof GatewayError && !err.details.vtenext && err.kind !== 'internal') {
    const status = err.httpStatus;
    return { status, body: { status, error: err.kind, message: err.message }, internal: false };
  }
  const e = toVtenextError(err);
  return {
    status: e.status,
    body: { status: e.status, error: e.error, message: e.message },
    internal: e.internal,
  };
}

export function pushRouter(
  service: PushService,
  rest: RestDeps,
  onInternal: InternalErrorLog,
): Router {
  const router = new Router({ prefix: BASE });
  const guarded =
    (work: (ctx: ParameterizedContext, userId: number) => Promise<void>) =>
    async (ctx: ParameterizedContext): Promise<void> => {
      try {
        const { caller } = await authenticateVtenext(
          rest,
          ctx.get('authorization'),
          ctx.ip || null,
        );
        await work(ctx, caller.user.id);
      } catch (err) {
        const { status, body, internal } = errorBody(err);
        if (internal) onInternal(err, ctx.state.log);
        if (status === 401) ctx.set('WWW-Authenticate', 'Basic realm="vtenext", Bearer');
        send(ctx, status, body);
      }
    };

  router.get('/vapid-public-key', async (ctx) => {
    send(ctx, 200, { publicKey: (await service.vapidKeys()).publicKey });
  });
  router.post(
    '/subscriptions',
    guarded(async (ctx, userId) => {
      const keys = parseSubscription(await jsonBody(ctx));
      checkEndpoint(service.plainHttpHosts, keys.endpoint);
      send(ctx, 201, { id: await service.push.subscriptions.add(userId, keys) });
    }),
  );
  router.get(
    '/subscriptions',
    guarded(async (ctx, userId) => {
      const list = await service.push.subscriptions.listForUser(userId);
      send(ctx, 200, {
        subscriptions: list.map((s) => ({
          id: s.id,
          // The endpoint itself is a capability (RFC 8030 §8): only its push service is shown.
          pushService: new URL(s.endpoint).origin,
          createdAt: s.createdAt,
          lastSuccessAt: s.lastSuccessAt,
        })),
      });
    }),
  );
  router.delete(
    '/subscriptions/:id',
    guarded(async (ctx, userId) => {
      const id = Number(ctx.params.id);
      if (!Number.isInteger(id) || !(await service.push.subscriptions.removeOwn(userId, id)))
        throw new GatewayError('not_found', 'no such push subscription of yours');
      send(ctx, 204, null);
    }),
  );
  router.get(
    '/preferences',
    guarded(async (ctx, userId) => {
      send(ctx, 200, await service.push.preferences.get(userId));
    }),
  );
  router.put(
    '/preferences',
    guarded(async (ctx, userId) => {
      const preferences = parsePreferences(await jsonBody(ctx));
      await service.push.preferences.set(userId, preferences);
      send(ctx, 200, preferences);
    }),
  );
  return router;
}

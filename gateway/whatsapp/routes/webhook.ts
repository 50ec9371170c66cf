// /whatsapp/webhook (gateway/whatsapp/README.md §2). GET: Meta's verification request
// (hub.mode=subscribe, hub.verify_token, answered with hub.challenge; 403 otherwise). POST: the
// raw body is read under a hard limit and its X-Hub-Signature-256 checked before anything parses
// it (401 and nothing stored when it does not match); a matching delivery is written to the
// durable inbox and answered 200 at once, and processed by the job (Meta retries deliveries not
// answered quickly, "Webhooks: Event Notifications").
import type { Middleware } from 'koa';
import { GatewayError } from '../../../store/errors.js';
import { readBody } from '../../http-body.js';
import type { RequestState } from '../../middleware/request-context.js';
import type { WhatsAppRouteDeps } from '../router.js';

/** Meta's notifications are small; a batch stays far below this. */
export const WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;

export function verifyRoute(deps: WhatsAppRouteDeps): Middleware<RequestState> {
  return async (ctx) => {
    const q = ctx.query;
    const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const challenge = one(q['hub.challenge']);
    if (
      challenge !== undefined &&
      (await deps.service.verify(one(q['hub.mode']), one(q['hub.verify_token'])))
    ) {
      ctx.type = 'text/plain';
      ctx.body = challenge;
      return;
    }
    ctx.status = 403;
    ctx.type = 'text/plain';
    ctx.body = 'verification failed';
  };
}

export function deliveryRoute(deps: WhatsAppRouteDeps): Middleware<RequestState> {
  return async (ctx) => {
    let body: Buffer;
    try {
      body = await readBody(ctx.req, WEBHOOK_BODY_LIMIT);
    } catch (err) {
      if (err instanceof GatewayError && err.kind === 'too_large') {
        ctx.status = 413;
        ctx.body = 'payload too large';
        return;
      }
      throw err;
    }
    try {
      if (!(await deps.service.accept(body, ctx.get('x-hub-signature-256') || undefined))) {
        ctx.status = 401;
        ctx.type = 'text/plain';
        ctx.body = 'invalid signature';
        return;
      }
    } catch (err) {
      deps.onInternal(err, ctx.state.log);
      ctx.status = 500;
      ctx.body = 'not stored';
      return;
    }
    ctx.status = 200;
    ctx.type = 'text/plain';
    ctx.body = 'EVENT_RECEIVED';
  };
}

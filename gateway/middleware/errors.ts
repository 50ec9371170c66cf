// The last-resort error renderer: anything a protocol router did not render itself becomes a
// JSON body with the GatewayError's status. Internal errors are logged with their stack and
// shown without details.
import type { Middleware } from 'koa';
import { toGatewayError } from '../errors.js';
import type { RequestState } from './request-context.js';

export function errorFallback(): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const gw = toGatewayError(err);
      if (gw.kind === 'internal') ctx.state.log.error({ err }, 'unhandled error');
      ctx.status = gw.httpStatus;
      // A 405 names the allowed methods (RFC 9110 §15.5.6); a 429 or 503 may say when to retry.
      if (gw.details.allow !== undefined) ctx.set('Allow', gw.details.allow);
      if (gw.details.retryAfterSeconds !== undefined)
        ctx.set('Retry-After', String(gw.details.retryAfterSeconds));
      ctx.body = {
        error: gw.kind,
        message: gw.kind === 'internal' ? 'Internal error' : gw.message,
      };
    }
  };
}

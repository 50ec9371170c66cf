// Per-request id (kept from X-Request-Id when it is sane, else generated), a child logger that
// carries it, one access-log line and the HTTP metrics.
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../logger.js';
import { routeLabel, type Metrics } from '../metrics.js';

export interface RequestState {
  requestId: string;
  log: Logger;
}

/**
 * How an edge reports an error it renders itself but that is a bug: on the request's logger, so
 * the line carries the same request id as the access log line and the X-Request-Id header.
 */
export type InternalErrorLog = (err: unknown, log: Logger) => void;

/** Logs the error with its stack at level error, under `message`. */
export function logInternal(message: string): InternalErrorLog {
  return (err, log) => log.error({ err }, message);
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(logger: Logger, metrics: Metrics): Middleware<RequestState> {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = SANE_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(ctx.path);
      metrics.httpRequests.inc({ method: ctx.method, route, status: String(ctx.status) });
      metrics.httpDuration.observe({ method: ctx.method, route }, seconds);
      // The path only: query strings may carry session names or tokens.
      ctx.state.log.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(seconds * 1000) },
        'request',
      );
    }
  };
}

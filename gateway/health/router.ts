// Liveness (/healthz: the process answers), readiness (/readyz: the database answers and the
// gateway is not shutting down) and Prometheus metrics (/metrics).
import Router from '@koa/router';
import type { Knex } from 'knex';
import type { Metrics } from '../metrics.js';
import { VERSION } from '../version.js';

export interface HealthDeps {
  readonly knex: Knex;
  readonly metrics: Metrics;
  readonly isShuttingDown: () => boolean;
}

export function healthRouter(deps: HealthDeps): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', version: VERSION };
  });
  router.get('/readyz', async (ctx) => {
    if (deps.isShuttingDown()) {
      ctx.status = 503;
      ctx.body = { status: 'shutting down' };
      return;
    }
    try {
      await deps.knex.raw('select 1');
      ctx.body = { status: 'ready' };
    } catch (err) {
      ctx.status = 503;
      ctx.body = { status: 'database unavailable', message: (err as Error).message };
    }
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
  return router;
}

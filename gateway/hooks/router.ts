// REST hooks under /restapi/v1/hooks (gateway/hooks/README.md §1). Mounted before the global body
// limit, as the other webservice edges: a subscription body is read with the REST cap.
import Router from '@koa/router';
import type { InternalErrorLog } from '../middleware/request-context.js';
import {
  deadLetters,
  hookRoute,
  list,
  poll,
  redeliver,
  show,
  subscribe,
  unsubscribe,
  type HookRouteDeps,
} from './routes/hooks.js';

export function hooksRouter(deps: HookRouteDeps, onInternal: InternalErrorLog): Router {
  const router = new Router({ prefix: '/restapi/v1/hooks' });
  const route = (
    h: Parameters<typeof hookRoute>[1],
    status?: number,
  ): ReturnType<typeof hookRoute> => hookRoute(deps, h, onInternal, status);
  router.get('/', route(list(deps)));
  router.post('/', route(subscribe(deps, deps.rest.limits.bodyLimitBytes), 201));
  router.get('/poll', route(poll(deps)));
  router.get('/dead-letters', route(deadLetters(deps)));
  router.post('/dead-letters/:id/redeliver', route(redeliver(deps)));
  router.get('/:id', route(show(deps)));
  router.delete('/:id', route(unsubscribe(deps)));
  return router;
}

// The webservice edges: vtiger's /webservice.php and vtenext's /restapi/v1/vtews/<op>
// (gateway/rest/README.md §1–§6). Both are mounted before the global body limit: they read bodies
// with their own cap and answer an oversized one in their own dialect.
import Router from '@koa/router';
import type { RestDeps } from './deps.js';
import { vtewsPreflight, vtewsRoute } from './routes/vtews.js';
import { webserviceRoute } from './routes/webservice.js';
import type { InternalErrorLog } from '../middleware/request-context.js';

export function restRouter(deps: RestDeps, onInternal: InternalErrorLog): Router {
  const router = new Router();
  router.all('/webservice.php', webserviceRoute(deps, onInternal));
  router.options('/restapi/v1/vtews/:op', vtewsPreflight());
  // Every other method reaches the same handler, which answers RouteNotFoundException as vtenext
  // does for a route that is registered for POST only.
  router.all('/restapi/v1/vtews/:op', vtewsRoute(deps, onInternal));
  router.all('/restapi/v1/vtews', vtewsRoute(deps, onInternal));
  return router;
}

// The public webform edge (gateway/webforms/README.md §4): anonymous, cookie-free, mounted by
// gateway/app.ts before the global body limit because it applies its own, stricter limits and
// answers an oversized upload in HTML or JSON.
import Router from '@koa/router';
import { intakeRoute } from './routes/intake.js';
import {
  challengeRoute,
  formPageRoute,
  preflightRoute,
  widgetRoute,
} from './routes/public-pages.js';
import type { WebformService } from './service.js';
import type { InternalErrorLog } from '../middleware/request-context.js';

export interface WebformsDeps {
  readonly service: WebformService;
  /** The base URL of intake links: configured, else the request's own origin. */
  readonly baseUrl: (selfOrigin: string) => string;
  readonly onInternal: InternalErrorLog;
}

export function webformsRouter(deps: WebformsDeps): Router {
  const router = new Router();
  router.get('/webforms/assets/altcha.js', widgetRoute());
  router.get('/webforms/:publicId/challenge', challengeRoute(deps));
  router.options('/webforms/:publicId/challenge', preflightRoute(deps));
  router.options('/webforms/:publicId', preflightRoute(deps));
  router.get('/webforms/:publicId', formPageRoute(deps));
  router.post('/webforms/:publicId', intakeRoute(deps));
  return router;
}

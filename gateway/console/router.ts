// The admin console at /console: server-rendered pages, sessions, CSRF, security headers.
import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import {
  consoleHeaders,
  consoleSession,
  type ConsoleCtxState,
} from '../middleware/console-session.js';
import type { ConsoleDeps } from './deps.js';
import { authRoutes } from './routes/auth.js';
import { commercemlRoutes } from './routes/commerceml.js';
import { currencyRoutes } from './routes/currencies.js';
import { consoleErrors } from './routes/errors.js';
import { feedRoutes } from './routes/feeds.js';
import { jobRoutes } from './routes/jobs.js';
import { linkedAppRoutes } from './routes/linked-apps.js';
import { oauthAppRoutes } from './routes/oauth-apps.js';
import { oauthConsentRoutes } from './routes/oauth-consent.js';
import { pageRoutes } from './routes/pages.js';
import { productRoutes } from './routes/products.js';
import { recycleBinRoutes } from './routes/recycle-bin.js';
import { roleRoutes } from './routes/roles.js';
import { userRoutes } from './routes/users.js';
import { webformRoutes } from './routes/webforms.js';
import type { InternalErrorLog } from '../middleware/request-context.js';

const ASSETS: Record<string, string> = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'push.js': 'text/javascript; charset=utf-8',
};

function loadAssets(): Map<string, Buffer> {
  const assets = new Map<string, Buffer>();
  for (const name of Object.keys(ASSETS))
    assets.set(name, readFileSync(new URL(`./assets/${name}`, import.meta.url)));
  return assets;
}

export function consoleRouter(
  deps: ConsoleDeps,
  onInternal: InternalErrorLog,
): Router<ConsoleCtxState> {
  const router = new Router<ConsoleCtxState>();
  const assets = loadAssets();
  router.use('/console', consoleHeaders());
  router.get('/console/assets/:name', (ctx) => {
    const name = ctx.params.name ?? '';
    const body = assets.get(name);
    if (!body) return;
    ctx.type = ASSETS[name] ?? 'application/octet-stream';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = body;
  });
  // A use-layer matches by prefix: '/console' covers every console path, once.
  router.use('/console', consoleErrors(onInternal), consoleSession(deps));
  authRoutes(router, deps);
  pageRoutes(router, deps);
  jobRoutes(router, deps);
  commercemlRoutes(router, deps);
  currencyRoutes(router, deps);
  productRoutes(router, deps);
  recycleBinRoutes(router, deps);
  userRoutes(router, deps);
  roleRoutes(router, deps);
  feedRoutes(router, deps);
  webformRoutes(router, deps);
  oauthAppRoutes(router, deps);
  linkedAppRoutes(router, deps);
  oauthConsentRoutes(router, deps);
  for (const section of deps.sections ?? []) section(router, deps);
  return router;
}

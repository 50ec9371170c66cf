// The koa app: shared middleware, then each protocol's router mounted by prefix. Protocol
// issues add their routers here.
import Koa from 'koa';
import type { GatewayConfig } from './config.js';
import { healthRouter } from './health/router.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { bodyLimit } from './middleware/body-limit.js';
import { errorFallback } from './middleware/errors.js';
import type { InFlight } from './middleware/in-flight.js';
import { logInternal, requestContext, type RequestState } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import type { Store } from '../store/store.js';
import { consoleRouter } from './console/router.js';
import type { ConsoleDeps } from './console/deps.js';
import type { OAuthDeps } from './oauth/deps.js';
import { oauthRouter } from './oauth/router.js';
import type { RestDeps } from './rest/deps.js';
import { restRouter } from './rest/router.js';
import type { CaldavDeps } from './caldav/deps.js';
import { calendarDavCore } from './caldav/area.js';
import type { CarddavDeps } from './carddav/deps.js';
import { addressBookArea } from './carddav/area.js';
import { davRouter } from './dav/router.js';
import type { CmlDeps } from './commerceml/deps.js';
import { commercemlRouter } from './commerceml/router.js';
import { webformsRouter } from './webforms/router.js';
import type { WebformService } from './webforms/service.js';
import { webformsBaseUrl } from './webforms/setup.js';
import { pushRouter } from './push/router.js';
import type { PushService } from './push/service.js';
import { hooksRouter } from './hooks/router.js';
import type { HookService } from './hooks/service.js';
import { whatsappRouter } from './whatsapp/router.js';
import type { WhatsAppService } from './whatsapp/service.js';

export interface AppDeps {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly isShuttingDown: () => boolean;
  readonly inFlight: InFlight;
  readonly console: ConsoleDeps;
  readonly rest: RestDeps;
  readonly webforms: WebformService;
  readonly oauth: OAuthDeps;
  readonly caldav: CaldavDeps;
  readonly carddav: CarddavDeps;
  readonly commerceml: CmlDeps;
  readonly push: PushService;
  readonly hooks: HookService;
  readonly whatsapp: WhatsAppService;
}

/** The app as other modules see it (server.ts mounts extra middleware for tests through it). */
export type GatewayApp = Koa<RequestState>;

export function createApp(deps: AppDeps): GatewayApp {
  const app = new Koa<RequestState>({ proxy: deps.config.trustProxy });
  app.silent = true;
  app.use(deps.inFlight.middleware());
  app.use(requestContext(deps.logger, deps.metrics));
  app.use(securityHeaders());
  app.use(errorFallback());
  // Before the global body limit: the webservice edges answer an oversized body in their own dialect.
  app.use(restRouter(deps.rest, logInternal('webservice error')).routes());
  app.use(hooksRouter({ rest: deps.rest, hooks: deps.hooks }, logInternal('hooks error')).routes());
  // Before the global body limit too: 1C upload parts are streamed to disk under file_limit (gateway/commerceml/README.md §1.3).
  app.use(commercemlRouter(deps.commerceml, logInternal('commerceml error')).routes());
  // Before the global body limit too: CalDAV and CardDAV cap PUT bodies at max-resource-size
  // (RFC 4791 §5.2.5, RFC 6352 §6.2.3); both are areas of one WebDAV core.
  const dav = calendarDavCore(deps.caldav, [addressBookArea(deps.carddav)]);
  app.use(davRouter(dav, logInternal('dav error')));
  // Before the global body limit too: public webforms apply their own upload limits (gateway/webforms/README.md §4).
  const webformsBase = (origin: string): string => webformsBaseUrl(deps.config, origin);
  app.use(
    webformsRouter({
      service: deps.webforms,
      baseUrl: webformsBase,
      onInternal: logInternal('webform error'),
    }).routes(),
  );
  // Before the global body limit too: Web Push reads JSON bodies under its own small cap.
  app.use(pushRouter(deps.push, deps.rest, logInternal('push error')).routes());
  // Before the global body limit too: the webhook signature covers the raw bytes, which the route
  // reads itself under its own limit (gateway/whatsapp/README.md §2).
  app.use(
    whatsappRouter({ service: deps.whatsapp, onInternal: logInternal('whatsapp error') }).routes(),
  );
  app.use(bodyLimit(deps.config.bodyLimitBytes));
  const health = healthRouter({
    // Not the write connection: a long write transaction must not read as "not ready".
    knex: deps.store.db.reader,
    metrics: deps.metrics,
    isShuttingDown: deps.isShuttingDown,
  });
  app.use(health.routes()).use(health.allowedMethods());
  const oauth = oauthRouter(deps.oauth, logInternal('oauth error'));
  app.use(oauth.routes()).use(oauth.allowedMethods());
  const consoleRoutes = consoleRouter(deps.console, logInternal('console error'));
  app.use(consoleRoutes.routes()).use(consoleRoutes.allowedMethods());
  return app;
}

/**
 * A koa app that answers every request with `{"ok":true}` and nothing else: the ceiling the
 * benchmarks measure the gateway against (scripts/bench/replicas/ping-server.ts), kept here so
 * koa stays inside the gateway's HTTP edge.
 */
export function createBareApp(): Koa {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  return app;
}

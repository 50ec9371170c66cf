// Starting and stopping the whole gateway: store → worker → HTTP server, and a graceful stop
// (SIGTERM): refuse new connections, let requests in flight finish, stop the job worker, close
// the database. Tests start it in-process on port 0.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore, type Store } from '../store/store.js';
import { SALESORDER_STOCK_SETTING } from '../store/records/inventory-stock.js';
import { JobWorker } from '../store/jobs/worker.js';
import { ConsoleSessionRepository } from '../store/console-sessions.js';
import { accessKeyBox } from './access-key-box.js';
import { startChangePublisher } from './change-publisher.js';
import { LoginAddresses } from '../store/login-addresses.js';
import { LoginThrottle } from '../store/login-throttle.js';
import { DirectoryService, registerDirectorySync } from '../adapters/ldap/directory-service.js';
import { FeedService, feedUserAgent } from '../adapters/rss/feed-service.js';
import { registerFeedJobs } from '../adapters/rss/feed-job.js';
import { createApp, type GatewayApp } from './app.js';
import { InFlight } from './middleware/in-flight.js';
import { consoleDirectory } from './console/directory-adapter.js';
import { OAuthTokenVerifier } from './auth/access-token-verifier.js';
import { Authenticator } from './auth/authenticator.js';
import { ensureBaseCurrency } from './currencies/base-currency.js';
import { bootstrapAdmin, type BootstrapResult } from './bootstrap-admin.js';
import { unsafeSettings, type GatewayConfig } from './config.js';
import { databaseOptions } from './database-options.js';
import type { Logger } from './logger.js';
import { registerMaintenance } from './maintenance.js';
import { createMetrics } from './metrics.js';
import { registerOAuthCleanup } from './oauth/cleanup.js';
import { createOAuthDeps } from './oauth/deps.js';
import { createRestDeps } from './rest/deps.js';
import { createCaldavDeps, type CaldavLimits } from './caldav/deps.js';
import { createCarddavDeps, type CarddavLimits } from './carddav/deps.js';
import { createCmlDeps } from './commerceml/deps.js';
import { registerImportJob } from './commerceml/import-job.js';
import { ShopService } from './shops/shop-service.js';
import {
  registerShopConnectionJobs,
  registerShopJobs,
  removeShopConnectionJobs,
} from '../sync/shop/shop-jobs.js';
import { shopRoutes } from './console/routes/shops.js';
import { createWebformService, registerWebformJobs } from './webforms/setup.js';
import type { WebformService } from './webforms/service.js';
import { removePidFile, writePidFile } from './pid-file.js';
import { CaldavBridge } from './caldav-bridge/service.js';
import { CarddavBridge } from './carddav-bridge/service.js';
import { freeBusy } from './exchange-bridge/free-busy.js';
import { ExchangeBridge } from './exchange-bridge/service.js';
import { caldavLinkRoutes } from './console/routes/caldav-links.js';
import { carddavLinkRoutes } from './console/routes/carddav-links.js';
import { hookRoutes } from './console/routes/hooks.js';
import { registerBridgeJobs } from '../sync/jobs.js';
import { BridgeRegistry } from '../sync/registry.js';
import { VERSION } from './version.js';
import { PushService, registerPushJobs, type PushServiceOptions } from './push/service.js';
import { stampActivity, stampingVerifier } from './push/activity-stamps.js';
import { pushConsoleRoutes } from './push/routes/console-notifications.js';
import { HookService } from './hooks/service.js';
import { registerHooksJob } from './hooks/job.js';
import { whatsappRoutes } from './console/routes/whatsapp.js';
import { WhatsAppService } from './whatsapp/service.js';
import { registerWhatsAppJobs } from './whatsapp/jobs.js';

export interface RunningGateway {
  readonly server: Server;
  readonly store: Store;
  readonly worker: JobWorker;
  /** The bridges built for this gateway (one per system), as the job worker runs them. */
  readonly bridges: BridgeRegistry;
  readonly port: number;
  readonly url: string;
  readonly bootstrap: BootstrapResult;
  /** The one webform service of this gateway (tests and benchmarks make forms through it). */
  readonly webforms: WebformService;
  /** Web Push: tests queue and send through it (gateway/push/README.md). */
  readonly push: PushService;
  /** REST hooks: subscriptions, outbox and the delivery loop (tests drive it through this). */
  readonly hooks: HookService;
  /** The WhatsApp Business service (tests configure channels and run its jobs through it). */
  readonly whatsapp: WhatsAppService;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra middleware mounted after the protocol routers (tests use it for a slow route). */
  readonly mount?: (app: GatewayApp) => void;
  /** CalDAV limits other than the defaults (tests reach the page and batch caps with a few objects). */
  readonly caldavLimits?: Partial<CaldavLimits>;
  readonly carddavLimits?: Partial<CarddavLimits>;
  /** A controlled clock or HTTP client for Web Push (tests). */
  readonly push?: PushServiceOptions;
}

export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningGateway> {
  for (const warning of unsafeSettings(config)) logger.warn(warning);
  const accessKeys = accessKeyBox(config);
  if (!accessKeys)
    logger.warn('access keys are stored in clear: set GATEWAY_SECRET_KEY to seal them');
  const store = await openStore(databaseOptions(config), accessKeys);
  await store.users.sealAccessKeys();
  const bootstrap = await bootstrapAdmin(store, config);
  await ensureBaseCurrency(store, config.baseCurrency);
  await store.settings.set(SALESORDER_STOCK_SETTING, config.salesOrderLowersStock);
  const metrics = createMetrics();
  let shuttingDown = false;
  const worker = new JobWorker(store.jobs, {
    pollMs: config.jobsPollMs,
    leaseMs: config.jobsLeaseMs,
    stopTimeoutMs: config.shutdownTimeoutMs,
    onError: (err, job) => logger.error({ err, job }, 'job worker error'),
    onFinished: (job, result) => metrics.jobRuns.inc({ job, result: result.outcome }),
  });
  const sessions = new ConsoleSessionRepository(store.db.knex, {
    idleMs: config.consoleIdleMinutes * 60_000,
    absoluteMs: config.consoleSessionHours * 3_600_000,
  });
  const throttle = new LoginThrottle(store.db.knex, {
    maxFailures: config.loginMaxFailures,
    windowMs: config.loginLockMinutes * 60_000,
    lockMs: config.loginLockMinutes * 60_000,
  });
  const directory = new DirectoryService(store, {
    log: (message, details) => logger.info({ details }, message),
  });
  const loginAddresses = new LoginAddresses(store.db.knex);
  const push = new PushService(store, config, options.push);
  const authenticator = new Authenticator(store.users, throttle, directory, {
    addresses: loginAddresses,
    addressMaxFailures: config.loginAddressMaxFailures,
    freeFailures: config.loginMaxFailures,
    stepMs: config.loginDelayMs,
    maxDelayMs: config.loginMaxDelayMs,
    trustedMs: config.loginTrustedDays * 86_400_000,
    onLocked: (lock) => {
      push.lockNotice(lock).catch((err: unknown) => logger.error({ err }, 'push lock notice'));
    },
    onSuccess: (user) => stampActivity(push, user.id),
  });
  const webforms = await createWebformService(config, store);
  const inFlight = new InFlight();
  const oauth = createOAuthDeps(config, store);
  const tokens = stampingVerifier(new OAuthTokenVerifier(oauth), push);
  const commerceml = createCmlDeps(config, store, authenticator);
  // Every bridge is built once here; the edges get its pieces and the listing hook through deps.
  const caldavBridge = new CaldavBridge(store, config);
  const carddavBridge = new CarddavBridge(store, config);
  const exchangeBridge = new ExchangeBridge(store, config);
  const bridges = new BridgeRegistry()
    .register(caldavBridge)
    .register(carddavBridge)
    .register(exchangeBridge);
  const hooks = new HookService(store, config, {
    onNotice: (subscription, text) => logger.warn({ subscription }, `REST hook: ${text}`),
  });
  const whatsapp = new WhatsAppService(store, config);
  const shops = new ShopService(store, config);
  const app = createApp({
    config,
    store,
    logger,
    metrics,
    isShuttingDown: () => shuttingDown,
    inFlight,
    console: {
      config,
      store,
      sessions,
      authenticator,
      directory: consoleDirectory(directory),
      startedAt: new Date(),
      oauth,
      webforms,
      sections: [
        caldavLinkRoutes(caldavBridge),
        carddavLinkRoutes(carddavBridge),
        pushConsoleRoutes(push),
        hookRoutes(hooks),
        whatsappRoutes(whatsapp),
        shopRoutes(shops, {
          onCreated: (c) => registerShopConnectionJobs(worker, shops.deps, store, c),
          onDeleted: (id) => removeShopConnectionJobs(store, id, worker),
        }),
      ],
    },
    rest: createRestDeps({
      config,
      store,
      authenticator,
      tokens,
      onActivitiesListed: bridges.listed,
      whatsapp,
      freeBusy: (userIds, startMs, endMs) =>
        freeBusy(store, exchangeBridge, userIds, startMs, endMs),
    }),
    webforms,
    oauth,
    caldav: createCaldavDeps({
      store,
      authenticator,
      tokens,
      limits: options.caldavLimits,
      onActivitiesListed: bridges.listed,
    }),
    carddav: createCarddavDeps({ store, limits: options.carddavLimits }),
    commerceml,
    push,
    hooks,
    whatsapp,
  });
  options.mount?.(app);
  const server = createServer(app.callback());
  // While draining, every answer closes its connection: a balancer that reuses connections
  // opens a new one for its next request, and that one goes to a replica still ready.
  server.on('request', (_req, res: ServerResponse) => {
    if (shuttingDown && !res.headersSent) res.setHeader('Connection', 'close');
  });
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  if (store.db.file) writePidFile(config.dataDir);
  await registerMaintenance(worker, sessions, {
    store: loginAddresses,
    keepMs: config.loginTrustedDays * 86_400_000,
  });
  await registerDirectorySync(worker, directory, (await directory.config()).syncIntervalSeconds);
  const feeds = new FeedService(store.db.knex, config, { userAgent: feedUserAgent(VERSION) });
  await registerFeedJobs(worker, feeds, (run) => {
    if (run.feeds > 0)
      logger.info(
        {
          feeds: run.feeds,
          updated: run.updated,
          notModified: run.notModified,
          failed: run.failed,
          articles: run.articlesCreated,
        },
        'feeds fetched',
      );
  });
  await registerWebformJobs(worker, webforms);
  await registerOAuthCleanup(worker, oauth.oauth);
  await registerImportJob(worker, commerceml);
  await registerPushJobs(worker, push, (message) => logger.warn(message));
  await registerHooksJob(worker, hooks);
  await registerWhatsAppJobs(worker, whatsapp, (err) =>
    logger.error({ err }, 'whatsapp processing failed'),
  );
  await registerShopJobs(worker, shops.deps, store);
  const bridgeJobs = await Promise.all(
    bridges.all().map((bridge) => registerBridgeJobs(worker, store, bridge)),
  );
  if (config.jobsEnabled) worker.start();
  const publisher = startChangePublisher(store, (err) => logger.error({ err }, 'change log'));
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: config.host, port, database: store.db.kind }, 'gateway listening');

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      shuttingDown = true;
      metrics.up.set(0);
      // Readiness is false first (/readyz 503) while requests are still served: the balancer's
      // health checks take this replica out before it stops listening (README.md "Several replicas").
      if (config.shutdownDrainMs > 0)
        await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const forced = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await closed;
      clearTimeout(forced);
      await inFlight.idle(config.shutdownTimeoutMs);
      for (const jobs of bridgeJobs) jobs.stop();
      await worker.stop();
      await whatsapp.stop();
      await publisher.stop();
      await store.close();
      if (store.db.file) removePidFile(config.dataDir);
      logger.info('gateway stopped');
    })();
    return stopping;
  };
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    server,
    store,
    worker,
    bridges,
    port,
    url: `http://${host}:${port}`,
    bootstrap,
    webforms,
    push,
    hooks,
    whatsapp,
    stop,
  };
}

// Web shops as the console and the command line use them (README "Web shops (CRM as 1C)"): the
// connections with their sealed passwords (the link-secret key of gateway/caldav-bridge/secret-key.ts),
// outbound calls through adapters/http.ts with GATEWAY_OUTBOUND_ALLOW_HOSTS, and the runs of
// sync/shop/. One import never retried blindly: the client makes no retries (sync/shop/README.md §3).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createHttpClient, type HttpClient } from '../../adapters/http.js';
import { SecretBox } from '../../store/secrets.js';
import { ShopConnectionRepository } from '../../store/shops/connection-repository.js';
import type { ShopConnection } from '../../store/shops/types.js';
import type { Store } from '../../store/store.js';
import {
  pushCatalog,
  sessionFor,
  type PushResult,
  type ShopRunDeps,
} from '../../sync/shop/catalog-push.js';
import { exchangeOrders, type OrdersResult } from '../../sync/shop/order-exchange.js';
import { ShopFailure } from '../../sync/shop/shop-session.js';
import { removeShopConnectionJobs, rescheduleShopJobs } from '../../sync/shop/shop-jobs.js';
import { loadSecretKey } from '../caldav-bridge/secret-key.js';
import type { GatewayConfig } from '../config.js';

export type ShopConfig = Pick<
  GatewayConfig,
  'secretKey' | 'databaseUrl' | 'dataDir' | 'outboundAllowHosts' | 'outboundMaxBytes'
>;

/** An import step of OpenCart or WooCommerce runs in one request and can take minutes. */
const REQUEST_TIMEOUT_MS = 10 * 60_000;
const IMPORT_BUDGET_MS = 60 * 60_000;

export interface ShopTest {
  readonly ok: boolean;
  readonly message: string;
}

export class ShopService {
  readonly connections: ShopConnectionRepository;
  readonly deps: ShopRunDeps;

  constructor(
    readonly store: Store,
    config: ShopConfig,
    options: { http?: HttpClient; requestTimeoutMs?: number; importBudgetMs?: number } = {},
  ) {
    this.connections = new ShopConnectionRepository(
      store.db.knex,
      new SecretBox(() => loadSecretKey(config)),
    );
    const workDir = path.join(config.dataDir, 'shop-runs');
    mkdirSync(workDir, { recursive: true, mode: 0o700 });
    this.deps = {
      knex: store.db.knex,
      exchangeLog: store.exchangeLog,
      connections: this.connections,
      http:
        options.http ??
        createHttpClient({
          allowHosts: config.outboundAllowHosts,
          timeoutMs: REQUEST_TIMEOUT_MS,
          maxResponseBytes: config.outboundMaxBytes,
          maxRedirects: 3,
          retries: 0,
          userAgent: '1C+Enterprise/8.3 (crm-standards-gateway)',
        }),
      workDir,
      requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      importBudgetMs: options.importBudgetMs ?? IMPORT_BUDGET_MS,
      owner: 'CRM',
    };
  }

  /** checkauth + init, told in plain words. */
  async test(id: number): Promise<ShopTest> {
    const conn = await this.connections.mustGet(id);
    const session = sessionFor(this.deps, conn, await this.connections.password(id));
    try {
      await session.checkauth('catalog');
    } catch (err) {
      if (err instanceof ShopFailure)
        return { ok: false, message: `The shop did not accept the login: ${err.message}` };
      throw err;
    }
    try {
      const init = await session.init('catalog', conn.schema);
      const limit =
        init.fileLimit > 0
          ? `files are sent in parts of at most ${init.fileLimit} bytes`
          : 'files are sent whole';
      return {
        ok: true,
        message: `Logged in. The shop ${init.zip ? 'takes zip archives' : 'takes plain XML files'}; ${limit}.`,
      };
    } catch (err) {
      if (err instanceof ShopFailure)
        return { ok: false, message: `Logged in, but init failed: ${err.message}` };
      throw err;
    }
  }

  /** Deletes the connection and its two jobs (sync/shop/README.md §6). */
  async remove(id: number): Promise<void> {
    await this.connections.remove(id);
    await removeShopConnectionJobs(this.store, id);
  }

  /** New schedules or options; the jobs follow the new schedules at once. */
  async setOptions(
    id: number,
    change: Parameters<ShopConnectionRepository['setOptions']>[1],
  ): Promise<ShopConnection> {
    const c = await this.connections.setOptions(id, change);
    await rescheduleShopJobs(this.store, c);
    return c;
  }

  push(id: number, full = false): Promise<PushResult> {
    return pushCatalog(this.deps, id, { full });
  }

  orders(id: number): Promise<OrdersResult> {
    return exchangeOrders(this.deps, this.store, id);
  }
}

/** A connection for display: never its password. */
export function shopView(c: ShopConnection): Record<string, unknown> {
  return { ...c };
}

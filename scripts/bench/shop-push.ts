// `npm run bench:shop-push [-- --products N]`: a CRM gateway with N products (100,000 by default,
// 100 catalogs, every product with a price and stock) pushes its catalog to a second gateway
// instance acting as the shop (its /1c_exchange.php), as sync/shop/README.md §3 runs it. Measured
// in one run: generating import.xml + offers.xml (sync/shop/catalog-files.ts) against the floor of
// writing the same rows with xmlbuilder2's streaming writer (scripts/bench/shop/floor.ts), the
// whole push (generation, upload, the shop's import), and the process's peak RSS (both gateways
// run in this process, so the figure bounds the two together). Goal (README "Web shops"):
// generation within 2× its floor, peak RSS under 300 MB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHttpClient } from '../../adapters/http.js';
import { adminActor } from '../../gateway/currencies/cli-actor.js';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { BulkRecordWriter } from '../../store/records/bulk-writer.js';
import { SecretBox } from '../../store/secrets.js';
import { ShopConnectionRepository } from '../../store/shops/connection-repository.js';
import { writeCatalogFiles } from '../../sync/shop/catalog-files.js';
import { pushCatalog, type ShopRunDeps } from '../../sync/shop/catalog-push.js';
import { xmlbuilderFloor } from './shop/floor.js';
import { randomBytes } from 'node:crypto';

const KEY = 'benchAccessKey0123456';

function gatewayAt(dir: string): Promise<RunningGateway> {
  const config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
    GATEWAY_ADMIN_ACCESS_KEY: KEY,
    GATEWAY_BASE_CURRENCY: 'RUB',
    GATEWAY_JOBS_POLL_MS: '50',
  });
  return startGateway(config, createLogger(config.logLevel));
}

async function seed(gw: RunningGateway, products: number): Promise<void> {
  const actor = await adminActor(gw.store);
  const bulk = new BulkRecordWriter(gw.store.picklists);
  const knex = gw.store.db.knex;
  const catalogs = await knex.transaction((trx) =>
    bulk.create(
      trx,
      actor,
      'Catalogs',
      Array.from({ length: 100 }, (_, i) => ({ catalogname: `Группа ${i + 1}` })),
    ),
  );
  for (let start = 0; start < products; start += 1000) {
    await knex.transaction((trx) =>
      bulk.create(
        trx,
        actor,
        'Products',
        Array.from({ length: Math.min(1000, products - start) }, (_, k) => {
          const i = start + k;
          return {
            productname: `Товар № ${i + 1} «тестовый»`,
            productcode: `ART-${i + 1}`,
            usageunit: 'Pieces',
            unit_price: String(100 + (i % 5000) + 0.5),
            qtyinstock: String(i % 37),
            catalog_id: String(catalogs[i % catalogs.length]),
          };
        }),
      ),
    );
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { products: { type: 'string', default: '100000' } } });
  const products = Number(values.products);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-shop-'));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const crm = await gatewayAt(path.join(dir, 'crm'));
  const shop = await gatewayAt(path.join(dir, 'shop'));
  try {
    const [seedMs] = await timed(() => seed(crm, products));
    global.gc?.();
    // Two idle gateways and the seeded store: what the push adds is measured above this.
    const baseRss = process.memoryUsage().rss;
    peak = baseRss;
    const knex = crm.store.db.knex;
    const [floorMs] = await timed(() =>
      xmlbuilderFloor(knex, path.join(dir, 'floor-import.xml'), path.join(dir, 'floor-offers.xml')),
    );
    const [genMs] = await timed(() =>
      writeCatalogFiles(knex, dir, {
        catalogs: [],
        since: null,
        schema: '2.08',
        encoding: 'utf-8',
        owner: 'Bench',
        generatedAt: new Date(),
      }),
    );
    global.gc?.();
    const deps: ShopRunDeps = {
      knex,
      exchangeLog: crm.store.exchangeLog,
      connections: new ShopConnectionRepository(knex, new SecretBox(randomBytes(32))),
      http: createHttpClient({
        allowHosts: ['127.0.0.1'],
        timeoutMs: 600_000,
        maxResponseBytes: 1024 * 1024,
        maxRedirects: 0,
        retries: 0,
        userAgent: 'bench',
      }),
      workDir: dir,
      requestTimeoutMs: 600_000,
      importBudgetMs: 3_600_000,
      owner: 'Bench',
    };
    const actor = await adminActor(crm.store);
    const conn = await deps.connections.create({
      name: 'bench shop',
      url: `${shop.url}/1c_exchange.php`,
      login: 'admin',
      password: KEY,
      userId: actor.userId,
    });
    const [pushMs, result] = await timed(() => pushCatalog(deps, conn.id));
    const shopProducts = await shop.store.records.count(await adminActor(shop.store), 'Products');
    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      [
        `products: ${products} (seeded in ${s(seedMs)}); pushed ${result.products}, shop has ${shopProducts}`,
        `generation: ${s(genMs)}; xmlbuilder2 floor: ${s(floorMs)}; ratio ${(genMs / floorMs).toFixed(2)}x (goal ≤ 2x)`,
        `whole push (generate + ${result.zip ? 'zip + ' : ''}upload ${(result.bytes / 1e6).toFixed(1)} MB + shop import, ${result.importCalls} import calls): ${s(pushMs)}`,
        `peak RSS (both gateways in this process): ${(peak / 1e6).toFixed(0)} MB, ${((peak - baseRss) / 1e6).toFixed(0)} MB above the two idle gateways (${(baseRss / 1e6).toFixed(0)} MB) (goal < 300 MB)`,
      ].join('\n') + '\n',
    );
  } finally {
    clearInterval(sampler);
    await crm.stop();
    await shop.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

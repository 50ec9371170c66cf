// `npm run bench:shop-push [-- --products N]`: a CRM gateway with N products (100,000 by default,
// 100 catalogs, every product with a price and stock) pushes its catalog to a second gateway
// instance acting as the shop (its /1c_exchange.php), as sync/shop/README.md §3 runs it. Measured
// in one run: generating import.xml + offers.xml (sync/shop/catalog-files.ts) against the floor of
// writing the same rows with xmlbuilder2 (a fragment per product appended to a file stream,
// scripts/bench/shop/floor.ts), the
// whole push (generation, upload, the shop's import), and the pushing process's peak RSS (the
// shop gateway runs in a child process, scripts/bench/shop/shop-process.ts, so the figure is the
// CRM side alone). Goal (README "Web shops"):
// generation within 2× its floor, peak RSS under 300 MB.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHttpClient } from '../../adapters/http.js';
import { adminActor } from '../../gateway/currencies/cli-actor.js';
import type { RunningGateway } from '../../gateway/server.js';
import { BulkRecordWriter } from '../../store/records/bulk-writer.js';
import { SecretBox } from '../../store/secrets.js';
import { ShopConnectionRepository } from '../../store/shops/connection-repository.js';
import { writeCatalogFiles } from '../../sync/shop/catalog-files.js';
import { pushCatalog, type ShopRunDeps } from '../../sync/shop/catalog-push.js';
import { BENCH_KEY, gatewayAt } from './shop/gateway-at.js';
import { xmlbuilderFloor } from './shop/floor.js';

interface ShopProcess {
  readonly url: string;
  /** The Products the shop has now and its own peak RSS. */
  count(): Promise<{ products: number; peakRss: number }>;
  stop(): Promise<void>;
}

/** The shop gateway in a child process (scripts/bench/shop/shop-process.ts). */
async function startShop(dir: string): Promise<ShopProcess> {
  const child = fork(fileURLToPath(new URL('./shop/shop-process.ts', import.meta.url)), [dir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onExit = (): void => reject(new Error('the shop process exited'));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as T);
      });
    });
  const { url } = await next<{ url: string }>();
  return {
    url,
    count: () => {
      const answer = next<{ products: number; peakRss: number }>();
      child.send('count');
      return answer;
    },
    stop: async () => {
      const exited = once(child, 'exit');
      child.send('stop');
      await exited;
    },
  };
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
  const shop = await startShop(path.join(dir, 'shop'));
  try {
    const [seedMs] = await timed(() => seed(crm, products));
    global.gc?.();
    // The idle CRM gateway and its seeded store: what the push adds is measured above this.
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
      password: BENCH_KEY,
      userId: actor.userId,
    });
    const [pushMs, result] = await timed(() => pushCatalog(deps, conn.id));
    const { products: shopProducts, peakRss: shopPeak } = await shop.count();
    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      [
        `products: ${products} (seeded in ${s(seedMs)}); pushed ${result.products}, shop has ${shopProducts}`,
        `generation: ${s(genMs)}; xmlbuilder2 floor: ${s(floorMs)}; ratio ${(genMs / floorMs).toFixed(2)}x (goal ≤ 2x)`,
        `whole push (generate + ${result.zip ? 'zip + ' : ''}upload ${(result.bytes / 1e6).toFixed(1)} MB + shop import, ${result.importCalls} import calls): ${s(pushMs)}`,
        `peak RSS of the pushing process (the shop runs in its own): ${(peak / 1e6).toFixed(0)} MB, ${((peak - baseRss) / 1e6).toFixed(0)} MB above the idle CRM gateway (${(baseRss / 1e6).toFixed(0)} MB) (goal < 300 MB)`,
        `shop process peak RSS (not counted above): ${(shopPeak / 1e6).toFixed(0)} MB`,
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

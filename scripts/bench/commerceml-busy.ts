// `npm run bench:commerceml-busy`: a catalog import into a CRM that already has products, beside
// REST traffic. Seeds --existing unlinked Products (42,000) through the store, measures REST
// `query` latency idle for --idle-seconds (3), then imports --products new ones (2,000) over the
// 1C protocol while the same client keeps querying every 50 ms. Prints the import time, REST
// p50/p99 idle and during the import, their ratio, and the failed answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway } from '../../gateway/server.js';
import {
  importOverProtocol,
  probeRest,
  quantile,
  restLogin,
  seedProducts,
} from './commerceml/busy-import.js';
import { generateCatalog } from './commerceml/generate.js';

const KEY = 'benchAccessKey0123456';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      existing: { type: 'string', default: '42000' },
      products: { type: 'string', default: '2000' },
      'idle-seconds': { type: 'string', default: '3' },
    },
  });
  const existing = Number(values.existing);
  const products = Number(values.products);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-cml-busy-'));
  try {
    const files = await generateCatalog(dir, products, Math.max(1, Math.floor(products / 100)));
    const config = loadConfig({
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_DATA_DIR: path.join(dir, 'gw'),
      GATEWAY_LOG_LEVEL: 'silent',
      GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
      GATEWAY_ADMIN_ACCESS_KEY: KEY,
      GATEWAY_JOBS_POLL_MS: '50',
    });
    const gw = await startGateway(config, createLogger(config.logLevel));
    try {
      const admin = await gw.store.users.findByUserName('admin');
      if (!admin) throw new Error('no admin');
      const t0 = performance.now();
      await seedProducts(gw.store, admin.id, existing);
      const seedMs = performance.now() - t0;
      const session = await restLogin(gw.url, 'admin', KEY);
      const idle = await probeRest(
        gw.url,
        session,
        new Promise((r) => setTimeout(r, Number(values['idle-seconds']) * 1000)),
      );
      const t1 = performance.now();
      const importing = importOverProtocol(gw, 'admin', KEY, files.importFile, 'import.xml');
      const busy = await probeRest(gw.url, session, importing);
      const answer = await importing;
      const importMs = performance.now() - t1;
      const ms = (v: number): string => `${v.toFixed(0)} ms`;
      const idle99 = quantile(idle.latencies, 0.99);
      const busy99 = quantile(busy.latencies, 0.99);
      console.log(
        `seeded ${existing} Products in ${(seedMs / 1000).toFixed(1)} s; imported ${products} new in ${(importMs / 1000).toFixed(1)} s (${(importMs / products).toFixed(1)} ms per item): ${answer.split('\n').join(' ')}`,
      );
      console.log(
        `REST query idle: p50 ${ms(quantile(idle.latencies, 0.5))}, p99 ${ms(idle99)} (${idle.latencies.length} requests)`,
      );
      console.log(
        `REST query during import: p50 ${ms(quantile(busy.latencies, 0.5))}, p99 ${ms(busy99)}, max ${ms(quantile(busy.latencies, 1))} (${busy.latencies.length} requests, ${busy.failures} failed); p99 ratio to idle ${(busy99 / Math.max(1, idle99)).toFixed(1)}x`,
      );
    } finally {
      await gw.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

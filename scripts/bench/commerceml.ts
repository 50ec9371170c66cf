// `npm run bench:commerceml`: generates a catalog (100,000 products, 1,000
// groups, matching offers; --products/--groups to change), then measures in one run the full
// 1C protocol import (checkauth → init → file in file_limit parts → import loop until success)
// against the sum of two floors on the same files: a bare saxes parse and a bulk knex insert in
// one transaction. A second import of the same files (nothing changed) is measured too.
import { open, stat } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { bareParse, bulkInsert } from './commerceml/floors.js';
import { generateCatalog } from './commerceml/generate.js';

const KEY = 'benchAccessKey0123456';

class Exchange {
  private cookie = '';
  constructor(private readonly base: string) {}
  async call(query: string, init: RequestInit = {}): Promise<string> {
    const headers: Record<string, string> = this.cookie
      ? { cookie: this.cookie }
      : { authorization: `Basic ${Buffer.from(`admin:${KEY}`).toString('base64')}` };
    const res = await fetch(`${this.base}/1c_exchange.php?${query}`, { ...init, headers });
    return res.text();
  }
  async start(): Promise<number> {
    const lines = (await this.call('type=catalog&mode=checkauth')).split('\n');
    if (lines[0] !== 'success') throw new Error(lines.join(' '));
    this.cookie = `${lines[1]}=${lines[2]}`;
    const init = (await this.call('type=catalog&mode=init')).split('\n');
    return Number(
      (init.find((l) => l.startsWith('file_limit=')) ?? '').slice('file_limit='.length),
    );
  }
  async upload(file: string, name: string, limit: number): Promise<void> {
    const fh = await open(file);
    try {
      const buf = Buffer.alloc(limit);
      for (let pos = 0; ; pos += limit) {
        const { bytesRead } = await fh.read(buf, 0, limit, pos);
        if (bytesRead === 0) break;
        const answer = await this.call(`type=catalog&mode=file&filename=${name}`, {
          method: 'POST',
          body: buf.subarray(0, bytesRead),
        });
        if (answer !== 'success') throw new Error(answer);
      }
    } finally {
      await fh.close();
    }
  }
  async importFile(name: string): Promise<void> {
    for (;;) {
      const answer = await this.call(`type=catalog&mode=import&filename=${name}`);
      if (answer.startsWith('success')) return;
      if (!answer.startsWith('progress')) throw new Error(answer);
    }
  }
}

interface RunTimes {
  total: number;
  upload: number;
  importXml: number;
  offersXml: number;
}

async function protocolRun(
  gw: RunningGateway,
  files: { importFile: string; offersFile: string },
): Promise<RunTimes> {
  const t0 = performance.now();
  const ex = new Exchange(gw.url);
  const limit = await ex.start();
  await ex.upload(files.importFile, 'import.xml', limit);
  await ex.upload(files.offersFile, 'offers.xml', limit);
  const t1 = performance.now();
  await ex.importFile('import.xml');
  const t2 = performance.now();
  await ex.importFile('offers.xml');
  const t3 = performance.now();
  return { total: t3 - t0, upload: t1 - t0, importXml: t2 - t1, offersXml: t3 - t2 };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      products: { type: 'string', default: '100000' },
      groups: { type: 'string', default: '1000' },
    },
  });
  const products = Number(values.products);
  const groups = Number(values.groups);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-cml-'));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const files = await generateCatalog(dir, products, groups);
    const mb = ((await stat(files.importFile)).size + (await stat(files.offersFile)).size) / 1e6;
    const parseMs = await timed(async () => {
      await bareParse(files.importFile);
      await bareParse(files.offersFile);
    });
    const insertMs = await timed(() =>
      bulkInsert(path.join(dir, 'floor.sqlite'), products, groups),
    );
    // The floors above built their rows in this process; the import's own memory is what grows past this point.
    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    peak = 0;
    const config = loadConfig({
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_DATA_DIR: path.join(dir, 'gw'),
      GATEWAY_LOG_LEVEL: 'silent',
      GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
      GATEWAY_ADMIN_ACCESS_KEY: KEY,
      // The catalog's prices are in RUB; the import refuses a currency the CRM does not have.
      GATEWAY_BASE_CURRENCY: 'RUB',
      GATEWAY_JOBS_POLL_MS: '50',
    });
    const gw = await startGateway(config, createLogger(config.logLevel));
    try {
      const first = await protocolRun(gw, files);
      const firstPeak = peak;
      peak = 0;
      const second = await protocolRun(gw, files);
      const floor = parseMs + insertMs;
      const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
      const line = (r: RunTimes, rss: number): string =>
        `${s(r.total)}, ratio to floor ${(r.total / floor).toFixed(1)}x, to parse floor ${(r.total / parseMs).toFixed(1)}x ` +
        `(upload ${s(r.upload)}, import.xml ${s(r.importXml)}, offers.xml ${s(r.offersXml)}), peak RSS ${(rss / 1e6).toFixed(0)} MB`;
      console.log(`catalog: ${products} products, ${groups} groups, ${mb.toFixed(1)} MB of XML`);
      console.log(
        `floor: bare saxes parse ${s(parseMs)} + knex bulk insert ${s(insertMs)} = ${s(floor)}`,
      );
      console.log(`RSS before the first import: ${(baseRss / 1e6).toFixed(0)} MB`);
      console.log(`first import (full protocol): ${line(first, firstPeak)}`);
      console.log(`second import (nothing changed): ${line(second, peak)}`);
    } finally {
      await gw.stop();
    }
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

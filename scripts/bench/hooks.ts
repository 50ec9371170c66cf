// `npm run bench:hooks` (gateway/hooks/README.md §5): --subscriptions (100) REST hook subscriptions
// on Contacts `created`, then --changes (10,000) contacts created through /restapi/v1/vtews by
// --clients (8) concurrent clients, against a gateway in its own process (node --import tsx
// gateway/main.ts on a fresh data directory). A local target counts the deliveries; the lag is
// the time from the change's commit (the body's timestamp, the change log's time) to arrival.
// --rate paces the changes (per second) to measure the lag below saturation; unpaced, the lag
// is the backlog's.
// The baseline: a bare loop in this process posting the same bodies to the same target with the
// same parallelism (16). Prints deliveries/s, lag p50/p99, the bare loop's figures and ratios.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ACCESS_KEY = 'benchAccessKey01234';
const AUTH = `Basic ${Buffer.from(`admin:${ACCESS_KEY}`).toString('base64')}`;
const PARALLEL = 16;

interface Arrival {
  readonly at: number;
  readonly committed: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function startTarget(): Promise<{ url: string; arrivals: Arrival[]; close(): void }> {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const at = Date.now();
      const { timestamp } = JSON.parse(body) as { timestamp: string };
      const headers: Record<string, string> = {};
      for (const h of ['webhook-id', 'webhook-timestamp', 'webhook-signature'])
        headers[h] = String(req.headers[h]);
      arrivals.push({ at, committed: Date.parse(timestamp), body, headers });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, arrivals, close: () => server.close() };
}

async function startGatewayProcess(dir: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
    env: {
      ...process.env,
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_DATA_DIR: dir,
      GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
      GATEWAY_ADMIN_ACCESS_KEY: ACCESS_KEY,
      GATEWAY_JOBS_POLL_MS: '50',
      GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
      GATEWAY_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`gateway exited (${code}):\n${out}`)));
  });
  child.stdout.resume();
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subscriptions: { type: 'string', default: '100' },
      changes: { type: 'string', default: '10000' },
      clients: { type: 'string', default: '8' },
      // Changes per second over all clients; 0: as fast as the gateway takes them.
      rate: { type: 'string', default: '0' },
    },
  });
  const rate = Number(values.rate);
  const subscriptions = Number(values.subscriptions);
  const changes = Number(values.changes);
  const clients = Number(values.clients);
  const expected = subscriptions * changes;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-hooks-'));
  const target = await startTarget();
  const gw = await startGatewayProcess(dir);
  try {
    for (let i = 0; i < subscriptions; i++)
      await post(`${gw.url}/restapi/v1/hooks`, {
        target_url: target.url,
        event: 'created',
        module: 'Contacts',
      });
    const started = Date.now();
    await pool(
      Array.from({ length: changes }, (_, i) => i),
      clients,
      async (i) => {
        // Paced: change i is not made before its slot, so the lag is measured below saturation.
        const slot = rate > 0 ? started + (i * 1000) / rate - Date.now() : 0;
        if (slot > 0) await new Promise((r) => setTimeout(r, slot));
        await post(`${gw.url}/restapi/v1/vtews/create`, {
          elementType: 'Contacts',
          element: { lastname: `Bench ${i}`, email: `bench${i}@example.org` },
        });
      },
    );
    const writesDone = Date.now();
    const deadline = Date.now() + 3_600_000;
    while (target.arrivals.length < expected && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const arrivals = [...target.arrivals];
    const first = Math.min(...arrivals.map((a) => a.at));
    const last = Math.max(...arrivals.map((a) => a.at));
    const lags = arrivals.map((a) => a.at - a.committed);
    const gwRate = arrivals.length / Math.max(0.001, (last - first) / 1000);

    // The bare loop: the same bodies, the same target, the same parallelism, from this process.
    target.arrivals.length = 0;
    const latencies: number[] = [];
    const bareStart = Date.now();
    await pool(arrivals, PARALLEL, async (a) => {
      const t0 = performance.now();
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...a.headers },
        body: a.body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
    });
    const bareRate = arrivals.length / Math.max(0.001, (Date.now() - bareStart) / 1000);
    const figures = {
      subscriptions,
      changes,
      rate: rate > 0 ? rate : 'unpaced',
      writesPerSecond: Math.round(changes / ((writesDone - started) / 1000)),
      deliveries: arrivals.length,
      expected,
      gateway: {
        deliveriesPerSecond: Math.round(gwRate),
        lagP50Ms: percentile(lags, 50),
        lagP99Ms: percentile(lags, 99),
      },
      bareLoop: {
        deliveriesPerSecond: Math.round(bareRate),
        postP50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
        postP99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      },
      ratios: {
        throughputGatewayOverBare: Math.round((gwRate / bareRate) * 100) / 100,
        lagP99OverBareP99: Math.round(
          percentile(lags, 99) / Math.max(0.1, percentile(latencies, 99)),
        ),
      },
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    gw.stop();
    target.close();
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

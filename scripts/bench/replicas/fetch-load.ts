// A closed-loop load for methods autocannon cannot send (WebDAV REPORT): `connections` workers
// send requests back to back through one keep-alive pool for `durationMs`; same LoadResult as
// scripts/bench/load.ts.
import { Agent, request } from 'node:http';
import type { LoadOptions, LoadResult } from '../load.js';

export async function runFetchLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let n = 0;
  const started = performance.now();
  const until = started + options.durationMs;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const r = options.request(n++);
      const t0 = performance.now();
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          method: r.method,
          path: r.path,
          headers: r.headers,
          agent,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            const status = res.statusCode ?? 0;
            if (status >= 300 || (options.check && !options.check(body))) {
              errors++;
              firstError ??= `HTTP ${status}: ${body.slice(0, 200)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        errors++;
        firstError ??= err.message;
        resolve();
      });
      req.end(r.body);
    });
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    firstError,
  };
}

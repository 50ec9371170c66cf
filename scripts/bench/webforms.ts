// `npm run bench:webforms`: autocannon, in this process (or in worker threads), posts valid
// urlencoded submissions to one webform (captcha off, rate limits and daily cap off for this
// form) for --duration seconds (30) and, in the same run against the same server, to a bare koa
// endpoint behind the same middleware (the ceiling). The gateway runs in a process of its own
// (scripts/bench/bench-server.ts), so the figures are the server's alone: accepted
// submissions/s, p99 latency, the server's CPU time per request and the ratio to the ceiling.
// Each accepted submission is a committed inbox row, a Lead, an exchange-log row, all durable.
// Flags: --duration S (30), --connections C (20), --workers W (0: autocannon in this process;
// W > 0 spreads it over worker threads), --database sqlite|postgres (sqlite),
// --cpu-prof DIR (the server runs under `node --cpu-prof`).
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { benchDatabase, databaseKind } from './bench-database.js';
import { startBenchServer, type BenchServer } from './server-process.js';

const CEILING_PATH = '/bench/bare';
const BODY = new URLSearchParams({
  firstname: 'Bench',
  lastname: 'Visitor',
  email: 'bench@example.org',
  description: 'Benchmark submission',
}).toString();

interface Figures {
  readonly accepted: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly cpuMsPerRequest: number;
}

async function load(
  server: BenchServer,
  url: string,
  seconds: number,
  connections: number,
  workers: number,
): Promise<Figures> {
  const cpuBefore = await server.cpuMs();
  const result = await autocannon({
    url,
    method: 'POST',
    duration: seconds,
    connections,
    body: BODY,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    ...(workers > 0 ? { workers } : {}),
  });
  const cpu = (await server.cpuMs()) - cpuBefore;
  const accepted = result['2xx'];
  return {
    accepted,
    perSecond: accepted / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMsPerRequest: cpu / Math.max(1, result.requests.total),
  };
}

/** Throughput ratio, and the CPU ratio (ceiling's CPU per request / this one's): on a shared,
 *  noisy machine the second is the steadier of the two. */
function line(name: string, f: Figures, ceiling: Figures): string {
  const ratio = f.perSecond / ceiling.perSecond;
  const cpuRatio = ceiling.cpuMsPerRequest / f.cpuMsPerRequest;
  return `  ${name.padEnd(30)} ${f.perSecond.toFixed(0).padStart(9)} ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${f.cpuMsPerRequest.toFixed(3).padStart(10)} ${String(f.non2xx + f.errors).padStart(7)}  ${ratio.toFixed(3).padStart(6)} ${cpuRatio.toFixed(3).padStart(9)}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      workers: { type: 'string' },
      database: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
  });
  const seconds = Number(values.duration ?? 30);
  const connections = Number(values.connections ?? 20);
  const workers = Number(values.workers ?? 0);
  const database = await benchDatabase(databaseKind(values.database), 'webforms');
  try {
    const server = await startBenchServer(
      {
        env: {
          ...database.env,
          GATEWAY_PORT: '0',
          GATEWAY_LOG_LEVEL: 'silent',
          GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
          GATEWAY_JOBS_ENABLED: 'false',
        },
        ceilingPath: CEILING_PATH,
        ceilingStatus: 201,
        webform: true,
      },
      values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {},
    );
    try {
      const intake = server.intake ?? '';
      await load(server, `${server.url}${CEILING_PATH}`, 1, connections, 0);
      await load(server, intake, 1, connections, 0);
      const ceiling = await load(
        server,
        `${server.url}${CEILING_PATH}`,
        seconds,
        connections,
        workers,
      );
      const webform = await load(server, intake, seconds, connections, workers);
      const leads = await server.count('Leads');
      process.stdout.write(
        `\nWebforms benchmark: ${connections} connections, ${seconds} s per scenario, ${database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n`,
      );
      process.stdout.write(
        `  ${'scenario'.padEnd(30)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU ms/req'.padStart(10)} ${'errors'.padStart(7)}  ${'ratio'.padStart(6)} ${'CPU ratio'.padStart(9)}\n`,
      );
      process.stdout.write(line('ceiling: bare koa endpoint', ceiling, ceiling));
      process.stdout.write(line('webform: accepted submissions', webform, ceiling));
      process.stdout.write(
        `  leads in the store: ${leads} (warm-up included); accepted in the timed run: ${webform.accepted}\n`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

await main();

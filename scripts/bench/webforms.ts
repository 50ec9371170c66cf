// `npm run bench:webforms`: autocannon posts valid urlencoded submissions
// to one webform (captcha off, rate limits and daily cap off for this form) for --duration
// seconds (30) and, in the same run against the same app, to a bare koa endpoint mounted next
// to the routers (the ceiling). Prints accepted submissions/s, p99 latency and the ratio.
// Each accepted submission is a committed inbox row, a Lead, an exchange-log row, all durable.
// Flags: --duration S (30), --connections C (20), --workers W (1: autocannon in a worker thread,
// so the load generator does not share the server's event loop; 0 runs it in-process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';

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
}

async function load(
  url: string,
  seconds: number,
  connections: number,
  workers: number,
): Promise<Figures> {
  const result = await autocannon({
    url,
    method: 'POST',
    duration: seconds,
    connections,
    body: BODY,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    ...(workers > 0 ? { workers } : {}),
  });
  const accepted = result['2xx'];
  return {
    accepted,
    perSecond: accepted / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function benchForm(gw: RunningGateway): Promise<string> {
  const form = await gw.webforms.forms.create(
    {
      name: 'Benchmark',
      module: 'Leads',
      owner: { kind: 'user', id: 1 },
      returnUrl: null,
      allowedOrigins: [],
      captcha: false,
      allowFiles: false,
      dailyCap: 0,
      ipLimit: 0,
      formLimit: 0,
      minFillSeconds: 0,
      dedupe: 'none',
      active: true,
      fields: [
        { name: 'firstname', label: 'First name', required: false, override: null },
        { name: 'lastname', label: 'Last name', required: true, override: null },
        { name: 'email', label: 'E-mail', required: true, override: null },
        { name: 'description', label: 'Message', required: false, override: null },
        { name: 'leadsource', label: 'Lead source', required: false, override: 'Web Site' },
      ],
    },
    1,
  );
  return `${gw.url}/webforms/${form.publicId}`;
}

function line(name: string, f: Figures, ceiling: number): string {
  const ratio = f.perSecond / ceiling;
  return `  ${name.padEnd(30)} ${f.perSecond.toFixed(0).padStart(9)} ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${String(f.non2xx + f.errors).padStart(7)}  ${ratio.toFixed(3)} (1/${(1 / ratio).toFixed(1)})\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      workers: { type: 'string' },
    },
  });
  const seconds = Number(values.duration ?? 30);
  const connections = Number(values.connections ?? 20);
  const workers = Number(values.workers ?? 1);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-webforms-'));
  const config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
    GATEWAY_JOBS_ENABLED: 'false',
  });
  const gw = await startGateway(config, createLogger('silent'), {
    mount: (app) =>
      app.use(async (ctx, next) => {
        if (ctx.path !== CEILING_PATH) return next();
        ctx.status = 201;
        ctx.body = { ok: true };
      }),
  });
  try {
    const intake = await benchForm(gw);
    await load(`${gw.url}${CEILING_PATH}`, 1, connections, 0);
    await load(intake, 1, connections, 0);
    const ceiling = await load(`${gw.url}${CEILING_PATH}`, seconds, connections, workers);
    const webform = await load(intake, seconds, connections, workers);
    const admin = await gw.store.users.actor(1);
    const leads = admin ? await gw.store.records.count(admin, 'Leads') : 0;
    process.stdout.write(
      `\nWebforms benchmark: ${connections} connections, ${seconds} s per scenario, SQLite (${gw.store.db.file ?? ''})\n`,
    );
    process.stdout.write(
      `  ${'scenario'.padEnd(30)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}  ratio to ceiling\n`,
    );
    process.stdout.write(line('ceiling: bare koa endpoint', ceiling, ceiling.perSecond));
    process.stdout.write(line('webform: accepted submissions', webform, ceiling.perSecond));
    process.stdout.write(
      `  leads in the store: ${leads} (warm-up included); accepted in the timed run: ${webform.accepted}\n`,
    );
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

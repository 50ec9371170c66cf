// `npm run bench:rest`: the webservice edge under load. Seeds 100,000
// Contacts into a fresh SQLite data directory, starts the gateway in-process and measures, in
// one run and with the same load generator (autocannon, scripts/bench/load.ts): a bare koa JSON endpoint on
// the same app (the ceiling), `retrieve`, a 100-row `query` with a LIKE prefix filter on the
// indexed lastname, and `create`. Prints requests/s, p99 and each figure's ratio to the ceiling.
// Flags: --records N (100000), --seconds S per scenario (5), --connections C (20).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrapAdmin } from '../../gateway/bootstrap-admin.js';
import { loadConfig, type GatewayConfig } from '../../gateway/config.js';
import { databaseOptions } from '../../gateway/database-options.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway } from '../../gateway/server.js';
import { openStore } from '../../store/store.js';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';
import { SURNAMES, seedContacts } from './seed-contacts.js';

const ACCESS_KEY = 'benchAccessKey0123456';

async function seed(config: GatewayConfig, records: number): Promise<number> {
  const store = await openStore(databaseOptions(config));
  try {
    await bootstrapAdmin(store, config);
    const admin = await store.users.findByUserName(config.adminUser);
    if (!admin) throw new Error('no admin');
    const started = Date.now();
    await seedContacts(store.db.knex, admin.id, records);
    process.stdout.write(
      `seeded ${records} Contacts in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return admin.id;
  } finally {
    await store.close();
  }
}

async function login(url: string): Promise<string> {
  const challenge = (await (
    await fetch(`${url}/webservice.php?operation=getchallenge&username=admin`)
  ).json()) as { result: { token: string } };
  const accessKey = createHash('md5')
    .update(challenge.result.token + ACCESS_KEY)
    .digest('hex');
  const res = await fetch(`${url}/webservice.php`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ operation: 'login', username: 'admin', accessKey }).toString(),
  });
  return ((await res.json()) as { result: { sessionName: string } }).result.sessionName;
}

function scenarios(session: string, records: number): [string, (n: number) => LoadRequest][] {
  const get = (query: Record<string, string>): LoadRequest => ({
    method: 'GET',
    path: `/webservice.php?${new URLSearchParams({ ...query, sessionName: session }).toString()}`,
  });
  return [
    ['ceiling: bare koa JSON', () => ({ method: 'GET', path: '/bench/ping' })],
    ['retrieve', (n) => get({ operation: 'retrieve', id: `12x${1 + ((n * 7919) % records)}` })],
    [
      'query: 100 rows, LIKE on lastname',
      (n) =>
        get({
          operation: 'query',
          query: `SELECT * FROM Contacts WHERE lastname LIKE '${SURNAMES[n % SURNAMES.length] ?? 'Meyer'}%' LIMIT 100;`,
        }),
    ],
    [
      'create',
      (n) => ({
        method: 'POST',
        path: '/webservice.php',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          operation: 'create',
          sessionName: session,
          elementType: 'Contacts',
          element: JSON.stringify({
            lastname: `Bench ${n}`,
            email: `bench${n}@example.org`,
            assigned_user_id: '19x1',
          }),
        }).toString(),
      }),
    ],
  ];
}

function report(results: [string, LoadResult][], connections: number, seconds: number): void {
  const ceiling = results[0]?.[1].perSecond ?? 1;
  process.stdout.write(
    `\nREST benchmark: ${connections} connections, ${seconds} s per scenario, SQLite\n`,
  );
  process.stdout.write(
    `  ${'scenario'.padEnd(36)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}  ratio to ceiling\n`,
  );
  for (const [name, r] of results) {
    const ratio = r.perSecond / ceiling;
    process.stdout.write(
      `  ${name.padEnd(36)} ${r.perSecond.toFixed(0).padStart(9)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)} ${String(r.errors).padStart(7)}  ${ratio.toFixed(3)} (1/${(1 / ratio).toFixed(1)})\n`,
    );
    if (r.firstError) process.stdout.write(`    first error: ${r.firstError}\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string' },
    },
  });
  const records = Number(values.records ?? 100_000);
  const seconds = Number(values.seconds ?? 5);
  const connections = Number(values.connections ?? 20);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-rest-'));
  const config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
    GATEWAY_ADMIN_ACCESS_KEY: ACCESS_KEY,
    GATEWAY_JOBS_ENABLED: 'false',
  });
  try {
    await seed(config, records);
    const gw = await startGateway(config, createLogger('silent'), {
      mount: (app) =>
        app.use(async (ctx, next) => {
          if (ctx.path !== '/bench/ping') return next();
          ctx.body = { ok: true };
        }),
    });
    try {
      const session = await login(gw.url);
      const results: [string, LoadResult][] = [];
      for (const [name, request] of scenarios(session, records)) {
        const check = name.startsWith('ceiling')
          ? undefined
          : (body: string) => body.startsWith('{"success":true');
        await runLoad({
          baseUrl: gw.url,
          connections,
          durationMs: 500,
          request,
          ...(check ? { check } : {}),
        });
        results.push([
          name,
          await runLoad({
            baseUrl: gw.url,
            connections,
            durationMs: seconds * 1000,
            request,
            ...(check ? { check } : {}),
          }),
        ]);
      }
      report(results, connections, seconds);
    } finally {
      await gw.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

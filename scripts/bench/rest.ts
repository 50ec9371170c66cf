// `npm run bench:rest`: the webservice edge under load. Seeds 100,000 Contacts into a fresh
// store, starts the gateway in a process of its own (scripts/bench/bench-server.ts) and
// measures from this process, in one run and with the same load generator (autocannon,
// scripts/bench/load.ts): a bare koa JSON endpoint behind the same middleware (the ceiling),
// `retrieve`, a 100-row `query` with a LIKE prefix filter on the indexed lastname, `create`,
// and `sync` after 100 changes. Prints requests/s, p99, the server's CPU time per request and
// each figure's ratio to the ceiling; sync's CPU is also compared with the 100-row query's.
// Flags: --records N (100000), --seconds S per scenario (5), --connections C (20),
// --database sqlite|postgres (sqlite; postgres uses the cluster of scripts/test-peers.sh),
// --cpu-prof DIR (the server runs under `node --cpu-prof`, profile written to DIR at the end),
// --only a,b (only the scenarios whose names start with a or b, besides the ceiling: for profiles).
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { bootstrapAdmin } from '../../gateway/bootstrap-admin.js';
import { loadConfig, type GatewayConfig } from '../../gateway/config.js';
import { databaseOptions } from '../../gateway/database-options.js';
import { openStore } from '../../store/store.js';
import { benchDatabase, databaseKind } from './bench-database.js';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';
import { SURNAMES, seedContacts } from './seed-contacts.js';
import { startBenchServer, type BenchServer } from './server-process.js';

const ACCESS_KEY = 'benchAccessKey0123456';
const CEILING_PATH = '/bench/ping';
const SYNC_CHANGES = 100;

interface Row {
  readonly name: string;
  readonly load: LoadResult;
  readonly cpuMsPerRequest: number;
}

async function seed(config: GatewayConfig, records: number): Promise<void> {
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
  } finally {
    await store.close();
  }
}

async function call(url: string, params: Record<string, string>, post = false): Promise<unknown> {
  const body = new URLSearchParams(params).toString();
  const res = post
    ? await fetch(`${url}/webservice.php`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      })
    : await fetch(`${url}/webservice.php?${body}`);
  const json = (await res.json()) as { success: boolean; result?: unknown; error?: unknown };
  if (!json.success) throw new Error(`${params['operation'] ?? ''}: ${JSON.stringify(json.error)}`);
  return json.result;
}

async function login(url: string): Promise<string> {
  const challenge = (await call(url, { operation: 'getchallenge', username: 'admin' })) as {
    token: string;
  };
  const accessKey = createHash('md5')
    .update(challenge.token + ACCESS_KEY)
    .digest('hex');
  const result = (await call(url, { operation: 'login', username: 'admin', accessKey }, true)) as {
    sessionName: string;
  };
  return result.sessionName;
}

/** 100 changes (revisions of distinct Contacts) in fresh seconds; returns the sync cursor. */
async function makeChanges(url: string, session: string, records: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const cursor = Math.floor(Date.now() / 1000);
  for (let i = 0; i < SYNC_CHANGES; i++) {
    const id = `12x${1 + ((i * 104_729) % records)}`;
    await call(
      url,
      {
        operation: 'revise',
        sessionName: session,
        element: JSON.stringify({ id, title: `Changed ${i}` }),
      },
      true,
    );
  }
  return cursor;
}

function get(session: string, query: Record<string, string>): LoadRequest {
  return {
    method: 'GET',
    path: `/webservice.php?${new URLSearchParams({ ...query, sessionName: session }).toString()}`,
  };
}

function scenarios(session: string, records: number): [string, (n: number) => LoadRequest][] {
  return [
    ['ceiling: bare koa JSON', () => ({ method: 'GET', path: CEILING_PATH })],
    [
      'retrieve',
      (n) => get(session, { operation: 'retrieve', id: `12x${1 + ((n * 7919) % records)}` }),
    ],
    [
      'query: 100 rows, LIKE on lastname',
      (n) =>
        get(session, {
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

async function measure(
  server: BenchServer,
  name: string,
  request: (n: number) => LoadRequest,
  connections: number,
  seconds: number,
): Promise<Row> {
  const check = name.startsWith('ceiling')
    ? undefined
    : (body: string) => body.startsWith('{"success":true');
  const base = { baseUrl: server.url, connections, request, ...(check ? { check } : {}) };
  await runLoad({ ...base, durationMs: 1000 });
  const cpuBefore = await server.cpuMs();
  const load = await runLoad({ ...base, durationMs: seconds * 1000 });
  const cpu = (await server.cpuMs()) - cpuBefore;
  return { name, load, cpuMsPerRequest: cpu / Math.max(1, load.requests) };
}

function report(rows: Row[], connections: number, seconds: number, database: string): void {
  const ceiling = rows[0]?.load.perSecond ?? 1;
  const ceilingCpu = rows[0]?.cpuMsPerRequest ?? 1;
  const out = (s: string): boolean => process.stdout.write(s);
  out(`\nREST benchmark: ${connections} connections, ${seconds} s per scenario, ${database}\n`);
  out(
    `  ${'scenario'.padEnd(36)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU ms/req'.padStart(10)} ${'errors'.padStart(7)}  ${'ratio'.padStart(6)} ${'CPU ratio'.padStart(9)}\n`,
  );
  for (const { name, load: r, cpuMsPerRequest } of rows) {
    // The CPU ratio (the ceiling's CPU per request / this one's) is the steadier figure on a
    // shared, noisy machine.
    const ratio = r.perSecond / ceiling;
    const cpuRatio = ceilingCpu / cpuMsPerRequest;
    out(
      `  ${name.padEnd(36)} ${r.perSecond.toFixed(0).padStart(9)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)} ${cpuMsPerRequest.toFixed(3).padStart(10)} ${String(r.errors).padStart(7)}  ${ratio.toFixed(3).padStart(6)} ${cpuRatio.toFixed(3).padStart(9)}\n`,
    );
    if (r.firstError) out(`    first error: ${r.firstError}\n`);
  }
  const query = rows.find((r) => r.name.startsWith('query'));
  const sync = rows.find((r) => r.name.startsWith('sync'));
  if (query && sync)
    out(
      `  sync CPU per call / 100-row query CPU per call: ${(sync.cpuMsPerRequest / query.cpuMsPerRequest).toFixed(2)}\n`,
    );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string' },
      database: { type: 'string' },
      'cpu-prof': { type: 'string' },
      only: { type: 'string' },
    },
  });
  const records = Number(values.records ?? 100_000);
  const seconds = Number(values.seconds ?? 5);
  const connections = Number(values.connections ?? 20);
  const only = values.only?.split(',') ?? null;
  const wanted = (name: string): boolean =>
    name.startsWith('ceiling') || only === null || only.some((o) => name.startsWith(o));
  const database = await benchDatabase(databaseKind(values.database), 'rest');
  const env = {
    ...database.env,
    GATEWAY_PORT: '0',
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
    GATEWAY_ADMIN_ACCESS_KEY: ACCESS_KEY,
    GATEWAY_JOBS_ENABLED: 'false',
  };
  try {
    await seed(loadConfig(env), records);
    const server = await startBenchServer(
      { env, ceilingPath: CEILING_PATH, ceilingStatus: 200, webform: false },
      values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {},
    );
    try {
      const session = await login(server.url);
      const rows: Row[] = [];
      for (const [name, request] of scenarios(session, records))
        if (wanted(name)) rows.push(await measure(server, name, request, connections, seconds));
      const cursor = await makeChanges(server.url, session, records);
      if (wanted('sync'))
        rows.push(
          await measure(
            server,
            `sync: after ${SYNC_CHANGES} changes`,
            () =>
              get(session, {
                operation: 'sync',
                elementType: 'Contacts',
                modifiedTime: String(cursor),
              }),
            connections,
            seconds,
          ),
        );
      report(rows, connections, seconds, database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

await main();

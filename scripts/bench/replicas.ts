// `npm run bench:replicas`: the same REST (retrieve, 100-row query, create), CalDAV (multiget,
// sync-collection) and webform mixes through one HAProxy in front of 1, 2 and 3 gateway replicas
// on one PostgreSQL, and as the ceiling a bare koa endpoint in its own process behind the same
// HAProxy (README.md "Several replicas"). The load generator (autocannon) runs in its own
// process. Prints requests/s, p99, the ratio to the ceiling and to one replica, and the CPU the
// replicas spent per 1,000 requests (utime + stime from /proc/<pid>/stat), from which an operator
// sizes a cluster. PostgreSQL: GATEWAY_BENCH_PG_URL, else the test cluster of scripts/test-peers.sh.
// Flags: --records N (20000), --events N (500), --seconds S per run (5), --connections C (16).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import knex from 'knex';
import { loadConfig } from '../../gateway/config.js';
import { databaseOptions } from '../../gateway/database-options.js';
import { bootstrapAdmin } from '../../gateway/bootstrap-admin.js';
import { openStore } from '../../store/store.js';
import { WebformRepository } from '../../store/webforms/webform-repository.js';
import { benchWebform } from './bench-webform.js';
import { benchCalendar } from './caldav/generate.js';
import { putAll, report, tokenOf, syncBody, type Server } from './dav/harness.js';
import type { LoadResult } from './load.js';
import { SCENARIOS, type ScenarioName, type ScenarioParams } from './replicas/scenarios.js';
import { seedContacts } from './seed-contacts.js';
import { cpuSeconds, freePort, haproxyConfig, waitHttp } from './replicas/processes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ACCESS_KEY = 'benchAccessKey0123456';

function pgAdminUrl(): string {
  const fromEnv = process.env['GATEWAY_BENCH_PG_URL'];
  if (fromEnv) return fromEnv;
  try {
    const line = readFileSync(path.join(ROOT, '.tmp/peers.env'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('GATEWAY_TEST_PG_URL='));
    if (line) return line.slice('GATEWAY_TEST_PG_URL='.length);
  } catch {
    // no peers file
  }
  throw new Error('no PostgreSQL: set GATEWAY_BENCH_PG_URL or run scripts/test-peers.sh');
}

function spawnProcess(
  args: readonly string[],
  env: Record<string, string>,
  log: string | null = null,
): ChildProcess {
  // A server's output goes to a file (a pipe nobody reads would block it once full).
  const out = log === null ? 'pipe' : openSync(log, 'a');
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
}

function runChild(job: object): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawnProcess(['scripts/bench/replicas/load-child.ts', JSON.stringify(job)], {});
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult)
        : reject(new Error(`load generator failed: ${err}`)),
    );
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '20000' },
      events: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
    },
  });
  const records = Number(values.records);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const adminUrl = pgAdminUrl();
  const name = `gw_bench_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw('create database ??', [name]);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const scratch = mkdtempSync(path.join(tmpdir(), 'gw-bench-replicas-'));
  const children: ChildProcess[] = [];
  const env: Record<string, string> = {
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_DATABASE_URL: dbUrl.toString(),
    GATEWAY_SECRET_KEY: randomBytes(32).toString('hex'),
    GATEWAY_WEBFORMS_SECRET: randomBytes(32).toString('hex'),
    GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
    GATEWAY_ADMIN_ACCESS_KEY: ACCESS_KEY,
    GATEWAY_LOG_LEVEL: 'warn',
    GATEWAY_TRUST_PROXY: 'true',
    GATEWAY_WEBFORMS_DAILY_CAP: '1000000',
    GATEWAY_DATA_DIR: path.join(scratch, 'seed'),
  };
  try {
    // Schema and data once, before the replicas start (README.md "Several replicas").
    const store = await openStore(databaseOptions(loadConfig(env)));
    let formPath: string;
    try {
      await bootstrapAdmin(store, loadConfig(env));
      await seedContacts(store.db.knex, 1, records);
      // The seed writes ids 1..N itself: PostgreSQL's sequence must continue after them.
      await store.db.knex.raw(
        "select setval(pg_get_serial_sequence('crm_entities', 'id'), (select max(id) from crm_entities))",
      );
      const form = await new WebformRepository(store.db.knex).create(
        benchWebform('Bench', [
          { name: 'lastname', label: 'Last name', required: true, override: null },
          { name: 'email', label: 'E-mail', required: false, override: null },
        ]),
        1,
      );
      formPath = `/webforms/${form.publicId}`;
    } finally {
      await store.close();
    }
    const ports = [await freePort(), await freePort(), await freePort()];
    const replicas = ports.map((port, i) => {
      const child = spawnProcess(
        ['gateway/main.ts'],
        { ...env, GATEWAY_PORT: String(port), GATEWAY_DATA_DIR: path.join(scratch, `replica${i}`) },
        path.join(scratch, `replica${i}.log`),
      );
      children.push(child);
      return child;
    });
    const pingPort = await freePort();
    children.push(
      spawnProcess(
        ['scripts/bench/replicas/ping-server.ts', String(pingPort)],
        {},
        path.join(scratch, 'ping.log'),
      ),
    );
    for (const [i, port] of ports.entries())
      await waitHttp(`http://127.0.0.1:${port}/readyz`, 120_000).catch((err: unknown) => {
        const log = readFileSync(path.join(scratch, `replica${i}.log`), 'utf8');
        throw new Error(`replica ${i}: ${String(err)}\n${log.slice(-3000)}`);
      });
    await waitHttp(`http://127.0.0.1:${pingPort}/`, 60_000);
    const fronts = [await freePort(), await freePort(), await freePort(), await freePort()];
    const cfg = path.join(scratch, 'haproxy.cfg');
    writeFileSync(
      cfg,
      haproxyConfig([
        { port: fronts[0] ?? 0, servers: [pingPort] },
        { port: fronts[1] ?? 0, servers: ports.slice(0, 1) },
        { port: fronts[2] ?? 0, servers: ports.slice(0, 2) },
        { port: fronts[3] ?? 0, servers: ports },
      ]),
    );
    const haproxy = spawn('/usr/sbin/haproxy', ['-db', '-f', cfg], { stdio: 'ignore' });
    children.push(haproxy);
    const via = (i: number): string => `http://127.0.0.1:${fronts[i] ?? 0}`;
    await waitHttp(`${via(0)}/`, 30_000);

    // A webservice session and a CalDAV collection, made through the balancer.
    const challenge = (await (
      await fetch(`${via(3)}/webservice.php?operation=getchallenge&username=admin`)
    ).json()) as { result: { token: string } };
    const login = (await (
      await fetch(`${via(3)}/webservice.php`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          operation: 'login',
          username: 'admin',
          accessKey: createHash('md5')
            .update(challenge.result.token + ACCESS_KEY)
            .digest('hex'),
        }).toString(),
      })
    ).json()) as { result: { sessionName: string } };
    const davAuth = `Basic ${Buffer.from(`admin:${ACCESS_KEY}`).toString('base64')}`;
    const collection = '/dav/calendars/admin/events/';
    const events = benchCalendar(Number(values.events));
    const dav: Server = { label: 'gateway', collection: `${via(3)}${collection}`, auth: davAuth };
    await putAll(
      dav,
      events.map((e) => ({ name: e.name, text: e.ics })),
      4,
      'text/calendar; charset=utf-8',
    );
    const params: ScenarioParams = {
      session: login.result.sessionName,
      records,
      davAuth,
      collection,
      eventNames: events.map((e) => e.name),
      syncToken: tokenOf((await report(dav, syncBody(''), '0')).text),
      formPath,
    };

    const rows: { name: ScenarioName; replicas: number; r: LoadResult; cpuMs: number[] }[] = [];
    const measure = async (name: ScenarioName, front: number, count: number): Promise<void> => {
      const job = { baseUrl: via(front), connections, name, params };
      await runChild({ ...job, durationMs: 1000 });
      const pids = count === 0 ? [] : replicas.slice(0, count).map((c) => c.pid ?? 0);
      const before = pids.map(cpuSeconds);
      const r = await runChild({ ...job, durationMs: seconds * 1000 });
      const cpuMs = pids.map((pid, i) => (cpuSeconds(pid) - (before[i] ?? 0)) * 1000);
      rows.push({ name, replicas: count, r, cpuMs });
      process.stdout.write(`  measured ${name} with ${count} replica(s)\n`);
    };
    await measure('ceiling', 0, 0);
    for (const name of SCENARIOS.filter((s) => s !== 'ceiling'))
      for (const count of [1, 2, 3]) await measure(name, count, count);

    const ceiling = rows[0]?.r.perSecond ?? 1;
    process.stdout.write(
      `\nReplicas benchmark: ${connections} connections, ${seconds} s per run, PostgreSQL, HAProxy round robin, ${records} Contacts, ${events.length} events\n`,
    );
    process.stdout.write(
      `  ${'mix'.padEnd(24)} ${'replicas'.padStart(8)} ${'req/s'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'÷ceiling'.padStart(9)} ${'÷1 replica'.padStart(10)} ${'CPU ms/1000 req (per replica)'}\n`,
    );
    for (const row of rows) {
      const one = rows.find((x) => x.name === row.name && x.replicas === 1)?.r.perSecond ?? 1;
      const total = row.cpuMs.reduce((a, b) => a + b, 0);
      const per = row.r.requests > 0 ? (total / row.r.requests) * 1000 : 0;
      const split = row.cpuMs
        .map((ms) => (row.r.requests > 0 ? ((ms / row.r.requests) * 1000).toFixed(0) : '0'))
        .join(' + ');
      process.stdout.write(
        `  ${row.name.padEnd(24)} ${String(row.replicas).padStart(8)} ${row.r.perSecond.toFixed(0).padStart(8)} ${row.r.p99Ms.toFixed(1).padStart(8)} ${String(row.r.errors).padStart(7)} ${(row.r.perSecond / ceiling).toFixed(3).padStart(9)} ${(row.replicas === 0 ? '' : (row.r.perSecond / one).toFixed(2)).padStart(10)} ${row.replicas === 0 ? '' : `${per.toFixed(0)} (${split})`}\n`,
      );
      if (row.r.firstError) process.stdout.write(`    first error: ${row.r.firstError}\n`);
    }
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await admin.raw(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()',
      [name],
    );
    await admin.raw('drop database if exists ??', [name]);
    await admin.destroy();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();

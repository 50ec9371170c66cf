// `npm run bench:caldav-bridge`, the bridge's overhead:
// the first sync of N CRM events to Radicale through the bridge (change detection, iCalendar
// building, If-None-Match PUTs, link writes in the store) against a baseline of plain PUTs of the
// same objects over the same outbound door, and the first pull of N remote events into the CRM
// against a baseline of the bare sync-collection + multiget that fetches them. Measured in one run;
// ratios are bridge / baseline. `--events N` changes the size (default 300).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CaldavClient } from '../../adapters/caldav-client.js';
import { createHttpClient } from '../../adapters/http.js';
import { freshIcs } from '../../sync/providers/caldav/ics-patch.js';
import { CaldavBridge } from '../../gateway/caldav-bridge/service.js';
import { openStore } from '../../store/store.js';
import { startRadicale } from './caldav/radicale.js';

const PYTHON = '/usr/bin/python3';
const AUTH = 'Basic ' + Buffer.from('alice:secret').toString('base64');

async function mkcalendar(url: string): Promise<void> {
  const res = await fetch(url, {
    method: 'MKCALENDAR',
    headers: { authorization: AUTH },
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 201) throw new Error(`MKCALENDAR ${url}: ${res.status}`);
}

const startOf = (i: number): number => Date.UTC(2040, 0, 1, 8) + i * 3_600_000 * 5;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '300' } } });
  const n = Number(values.events);
  const rad = await startRadicale(PYTHON);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-bridge-'));
  const store = await openStore({
    kind: 'sqlite',
    file: path.join(dir, 'gateway.sqlite'),
    busyTimeoutMs: 5000,
  });
  try {
    const http = createHttpClient({
      allowHosts: ['127.0.0.1'],
      timeoutMs: 30_000,
      maxResponseBytes: 64 * 1024 * 1024,
      maxRedirects: 0,
      retries: 0,
      userAgent: 'bench',
    });
    const client = new CaldavClient(http, async () => AUTH);
    const config = {
      outboundAllowHosts: ['127.0.0.1'],
      outboundTimeoutMs: 30_000,
      outboundMaxBytes: 64 * 1024 * 1024,
      secretKey: '22'.repeat(32),
      databaseUrl: null,
      dataDir: dir,
    };
    const bridge = new CaldavBridge(store, config, { http });
    const jane = await store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const actor = { userId: jane.id, isAdmin: false, groupIds: [] };
    for (let i = 0; i < n; i++) {
      const s = new Date(startOf(i)).toISOString();
      const e = new Date(startOf(i) + 3_600_000).toISOString();
      await store.records.create(actor, 'Events', {
        values: {
          subject: `Event ${i}`,
          description: `Agenda ${i}`,
          date_start: s.slice(0, 10),
          time_start: s.slice(11, 19),
          due_date: e.slice(0, 10),
          time_end: e.slice(11, 19),
          eventstatus: 'Planned',
          activitytype: 'Meeting',
        },
      });
    }
    const base = `${rad.url}/alice/baseline-put/`;
    const out = `${rad.url}/alice/bridge-push/`;
    await mkcalendar(base);
    await mkcalendar(out);
    const baselinePut = await timed(async () => {
      for (let i = 0; i < n; i++) {
        const fields = {
          subject: `Event ${i}`,
          description: `Agenda ${i}`,
          startMs: startOf(i),
          endMs: startOf(i) + 3_600_000,
        };
        await client.put(
          `${base}crm-${i}%40gateway.ics`,
          freshIcs(`crm-${i}@gateway`, fields, Date.now()),
          { ifNoneMatch: '*' },
        );
      }
    });
    const link = await bridge.create({
      userId: jane.id,
      kind: 'caldav',
      url: `${rad.url}/`,
      username: 'alice',
      password: 'secret',
      calendarUrl: out,
    });
    let pushed = 0;
    const bridgePush = await timed(async () => {
      pushed = (await bridge.syncNow(link.id)).counts.pushedCreated;
    });

    // Pull: a second user links the filled baseline calendar; the baseline fetches the same objects bare.
    const bob = await store.users.create({ userName: 'bob', password: 'bob-password-1' });
    const baselinePull = await timed(async () => {
      const changes = await client.syncCollection(base, null);
      await client.multiget(
        base,
        changes.changed.map((c) => c.href),
      );
    });
    const pullLink = await bridge.create({
      userId: bob.id,
      kind: 'caldav',
      url: `${rad.url}/`,
      username: 'alice',
      password: 'secret',
      calendarUrl: base,
    });
    let pulled = 0;
    const bridgePull = await timed(async () => {
      pulled = (await bridge.syncNow(pullLink.id)).counts.pulledCreated;
    });

    const rows = [
      ['first sync, CRM → remote', `${pushed} events`, bridgePush, baselinePut, 'plain PUTs'],
      [
        'first sync, remote → CRM',
        `${pulled} events`,
        bridgePull,
        baselinePull,
        'sync-collection + multiget',
      ],
    ] as const;
    console.log(`CalDAV bridge against Radicale, ${n} events`);
    for (const [what, count, ms, baseMs, baseline] of rows) {
      console.log(
        `${what.padEnd(26)} ${count.padEnd(12)} bridge ${ms.toFixed(0).padStart(7)} ms  baseline (${baseline}) ${baseMs.toFixed(0).padStart(7)} ms  ratio ${(ms / baseMs).toFixed(2)}  (${(ms / Math.max(1, n)).toFixed(2)} ms/event)`,
      );
    }
    if (pushed !== n || pulled !== n)
      throw new Error(`expected ${n} each way, got ${pushed} pushed and ${pulled} pulled`);
  } finally {
    await store.close();
    await rad.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main().then(
  () => undefined,
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);

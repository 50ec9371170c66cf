// `npm run bench:caldav`: 10,000 events (a tenth recurring, some endless)
// for one user, served by the gateway and by Radicale (the reference server, Debian) from the same
// objects, measured in one run: initial sync-collection, an incremental sync after 10 changes, a
// 90-day calendar-query with expand, a multiget of 100. Each figure is the median of --rounds
// runs after a warm-up; the ratio is gateway / Radicale. `--events N` changes the size.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway } from '../../gateway/server.js';
import { benchCalendar, benchEvent, type BenchObject } from './caldav/generate.js';
import { startRadicale } from './caldav/radicale.js';

const PYTHON = '/usr/bin/python3';
const ICS = 'text/calendar; charset=utf-8';

interface Server {
  readonly label: string;
  readonly collection: string;
  readonly auth: string;
}

async function call(
  s: Server,
  method: string,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const r = await fetch(url, {
    method,
    body,
    headers: { authorization: s.auth, ...headers },
    signal: AbortSignal.timeout(600_000),
  });
  return { status: r.status, text: await r.text() };
}

const responses = (xml: string): number => (xml.match(/<(?:\w+:)?response>/g) ?? []).length;
const components = (xml: string): number => (xml.match(/BEGIN:VEVENT/g) ?? []).length;
const tokenOf = (xml: string): string => /<(?:\w+:)?sync-token>([^<]*)</.exec(xml)?.[1] ?? '';

const syncBody = (token: string): string =>
  '<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:">' +
  `<d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
const QUERY =
  '<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/>' +
  '<c:calendar-data><c:expand start="20260301T000000Z" end="20260530T000000Z"/></c:calendar-data></d:prop><c:filter><c:comp-filter name="VCALENDAR">' +
  '<c:comp-filter name="VEVENT"><c:time-range start="20260301T000000Z" end="20260530T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>';
const multigetBody = (s: Server, names: readonly string[]): string =>
  '<?xml version="1.0"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">' +
  `<d:prop><d:getetag/><c:calendar-data/></d:prop>${names.map((n) => `<d:href>${new URL(s.collection).pathname}${n}</d:href>`).join('')}</c:calendar-multiget>`;

async function report(
  s: Server,
  body: string,
  depth: string,
): Promise<{ ms: number; text: string }> {
  const t0 = performance.now();
  const r = await call(s, 'REPORT', s.collection, body, {
    depth,
    'content-type': 'application/xml; charset=utf-8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 207) throw new Error(`${s.label} REPORT ${r.status}: ${r.text.slice(0, 300)}`);
  return { ms, text: r.text };
}

async function putAll(s: Server, objects: readonly BenchObject[], parallel: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < objects.length; i = next++) {
      const o = objects[i] as BenchObject;
      const r = await call(s, 'PUT', s.collection + o.name, o.ics, { 'content-type': ICS });
      if (r.status >= 300)
        throw new Error(`${s.label} PUT ${o.name}: ${r.status} ${r.text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Radicale's filesystem storage (one file per item, a props file per collection), indexed lazily by Radicale. */
function writeRadicaleCollection(storage: string, objects: readonly BenchObject[]): void {
  const dir = path.join(storage, 'collection-root', 'alice', 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, '.Radicale.props'),
    JSON.stringify({ tag: 'VCALENDAR', 'C:supported-calendar-component-set': 'VEVENT' }),
  );
  for (const o of objects) writeFileSync(path.join(dir, o.name), o.ics);
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Figure {
  readonly label: string;
  readonly ms: Record<string, number>;
  readonly counts: Record<string, string>;
}

async function measure(
  servers: readonly Server[],
  rounds: number,
  objects: readonly BenchObject[],
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const names = objects.slice(0, 100).map((o) => o.name);
  const runs: Array<
    readonly [string, (s: Server, round: number) => Promise<{ ms: number; text: string }>]
  > = [
    ['initial sync-collection', (s) => report(s, syncBody(''), '0')],
    [
      'incremental sync after 10 changes',
      async (s, round) => {
        const token = tokenOf((await report(s, syncBody(''), '0')).text);
        const changed = Array.from({ length: 10 }, (_, k) =>
          benchEvent(round * 10 + k, `Changed ${round}-${k}`),
        );
        await putAll(s, changed, 1);
        return report(s, syncBody(token), '0');
      },
    ],
    ['90-day calendar-query with expand', (s) => report(s, QUERY, '1')],
    ['multiget of 100', (s) => report(s, multigetBody(s, names), '1')],
  ];
  for (const [label, run] of runs) {
    const ms: Record<string, number> = {};
    const counts: Record<string, string> = {};
    for (const s of servers) {
      await run(s, rounds); // warm-up (Radicale builds its item cache on first use)
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const out = await run(s, r);
        times.push(out.ms);
        // Components tell an expanded answer (one VEVENT per instance) from series sent whole.
        counts[s.label] = `${responses(out.text)} responses, ${components(out.text)} VEVENTs`;
      }
      ms[s.label] = median(times);
    }
    figures.push({ label, ms, counts });
  }
  return figures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const count = Number(values.events);
  const rounds = Number(values.rounds);
  const objects = benchCalendar(count);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-caldav-'));
  const config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
    GATEWAY_JOBS_POLL_MS: '1000',
  });
  const gw = await startGateway(config, createLogger(config.logLevel));
  const radicale = await startRadicale(PYTHON, (storage) =>
    writeRadicaleCollection(storage, objects),
  );
  try {
    const alice = await gw.store.users.create({
      userName: 'alice',
      password: 'alice-password-1',
      lastName: 'Bench',
    });
    const gateway: Server = {
      label: 'gateway',
      collection: `${gw.url}/dav/calendars/alice/events/`,
      auth: `Basic ${Buffer.from(`alice:${alice.accessKey}`).toString('base64')}`,
    };
    const reference: Server = {
      label: 'radicale',
      collection: `${radicale.url}/alice/bench/`,
      auth: `Basic ${Buffer.from('alice:secret').toString('base64')}`,
    };
    const t0 = performance.now();
    await putAll(gateway, objects, 8);
    console.log(
      `loaded ${count} events (${objects.filter((_, i) => i % 10 === 0).length} recurring) into the gateway in ${((performance.now() - t0) / 1000).toFixed(1)} s; Radicale from its storage folder`,
    );
    for (const f of await measure([gateway, reference], rounds, objects)) {
      const g = f.ms['gateway'] ?? NaN;
      const r = f.ms['radicale'] ?? NaN;
      console.log(
        `${f.label}: gateway ${g.toFixed(0)} ms (${f.counts['gateway']}), radicale ${r.toFixed(0)} ms (${f.counts['radicale']}), ratio ${(g / r).toFixed(2)}`,
      );
    }
  } finally {
    await radicale.stop();
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

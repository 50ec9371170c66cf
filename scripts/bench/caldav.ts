// `npm run bench:caldav`: 10,000 events (a tenth recurring, some endless)
// for one user, served by the gateway (in its own process, scripts/bench/caldav/gateway-process.ts)
// and by Radicale (the reference server, Debian) from the same objects, measured in one run: first
// the PUT of every object by 8 concurrent clients into each server (PUT/s, p99, server CPU per PUT),
// then on what was PUT an initial sync-collection, an incremental sync after 10 changes, a 90-day
// calendar-query with expand, a multiget of 100. Each REPORT figure is the median of --rounds runs
// after a warm-up; the ratio is gateway / Radicale. `--events N` changes the size, `--clients N`
// the PUT concurrency, `--reference-puts N` PUTs only the first N objects into Radicale (its PUT
// checks the UID against every object of the collection, radicale/app/put.py, so a full run is
// quadratic there; a prefix favours Radicale) and writes the rest to its storage folder,
// `--put-only` stops after the PUTs, `--profile DIR` writes the gateway
// process's `--cpu-prof` profile into DIR.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCalendar, benchEvent, type BenchObject } from './caldav/generate.js';
import { measurePuts, printPuts } from './caldav/put-throughput.js';
import { startRadicale } from './caldav/radicale.js';
import {
  measureAndPrint,
  putAll,
  report,
  responses,
  syncBody,
  tokenOf,
  writeRadicaleCollection,
  type BenchItem,
  type Run,
  type Server,
} from './dav/harness.js';

const PYTHON = '/usr/bin/python3';
const ICS = 'text/calendar; charset=utf-8';

const components = (xml: string): number => (xml.match(/BEGIN:VEVENT/g) ?? []).length;
const QUERY =
  '<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/>' +
  '<c:calendar-data><c:expand start="20260301T000000Z" end="20260530T000000Z"/></c:calendar-data></d:prop><c:filter><c:comp-filter name="VCALENDAR">' +
  '<c:comp-filter name="VEVENT"><c:time-range start="20260301T000000Z" end="20260530T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>';
const multigetBody = (s: Server, names: readonly string[]): string =>
  '<?xml version="1.0"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">' +
  `<d:prop><d:getetag/><c:calendar-data/></d:prop>${names.map((n) => `<d:href>${new URL(s.collection).pathname}${n}</d:href>`).join('')}</c:calendar-multiget>`;

const items = (objects: readonly BenchObject[]): BenchItem[] =>
  objects.map((o) => ({ name: o.name, text: o.ics }));

function runs(objects: readonly BenchObject[]): Run[] {
  const names = objects.slice(0, 100).map((o) => o.name);
  return [
    ['initial sync-collection', (s) => report(s, syncBody(''), '0')],
    [
      'incremental sync after 10 changes',
      async (s, round) => {
        const token = tokenOf((await report(s, syncBody(''), '0')).text);
        const changed = Array.from({ length: 10 }, (_, k) =>
          benchEvent(round * 10 + k, `Changed ${round}-${k}`),
        );
        await putAll(s, items(changed), 1, ICS);
        return report(s, syncBody(token), '0');
      },
    ],
    ['90-day calendar-query with expand', (s) => report(s, QUERY, '1')],
    ['multiget of 100', (s) => report(s, multigetBody(s, names), '1')],
  ];
}

interface GatewayProcess {
  readonly url: string;
  readonly accessKey: string;
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** The gateway in a child process (scripts/bench/caldav/gateway-process.ts). */
async function startGatewayProcess(
  dir: string,
  profileDir: string | undefined,
): Promise<GatewayProcess> {
  const child = fork(
    fileURLToPath(new URL('./caldav/gateway-process.ts', import.meta.url)),
    [dir],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [
        ...process.execArgv,
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ],
    },
  );
  const next = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onExit = (): void => reject(new Error('the gateway process exited'));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as T);
      });
    });
  const { url, accessKey } = await next<{ url: string; accessKey: string }>();
  return {
    url,
    accessKey,
    cpuMicros: async () => {
      const answer = next<{ cpuMicros: number }>();
      child.send('cpu');
      return (await answer).cpuMicros;
    },
    stop: async () => {
      const exited = once(child, 'exit');
      child.send('stop');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '3' },
      clients: { type: 'string', default: '8' },
      'put-only': { type: 'boolean', default: false },
      'reference-puts': { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const count = Number(values.events);
  const rounds = Number(values.rounds);
  const clients = Number(values.clients);
  const objects = benchCalendar(count);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-caldav-'));
  const gw = await startGatewayProcess(dir, values.profile);
  // An empty collection: Radicale gets the same objects through the same PUTs.
  const radicale = await startRadicale(PYTHON, (storage) =>
    writeRadicaleCollection(
      storage,
      'bench',
      { tag: 'VCALENDAR', 'C:supported-calendar-component-set': 'VEVENT' },
      [],
    ),
  );
  try {
    const gateway: Server = {
      label: 'gateway',
      collection: `${gw.url}/dav/calendars/alice/events/`,
      auth: `Basic ${Buffer.from(`alice:${gw.accessKey}`).toString('base64')}`,
    };
    const reference: Server = {
      label: 'radicale',
      collection: `${radicale.url}/alice/bench/`,
      auth: `Basic ${Buffer.from('alice:secret').toString('base64')}`,
    };
    console.log(
      `${count} events (${objects.filter((_, i) => i % 10 === 0).length} recurring), gateway in its own process`,
    );
    const g = await measurePuts(gateway, items(objects), clients, ICS, () => gw.cpuMicros());
    const referenceCount = Number(values['reference-puts'] ?? count);
    const r = await measurePuts(
      reference,
      items(objects.slice(0, referenceCount)),
      clients,
      ICS,
      () => radicale.cpuMicros(),
    );
    writeRadicaleCollection(
      radicale.storage,
      'bench',
      { tag: 'VCALENDAR', 'C:supported-calendar-component-set': 'VEVENT' },
      items(objects.slice(referenceCount)),
    );
    printPuts(count, referenceCount, clients, g, r);
    if (values['put-only']) return;
    // Components tell an expanded answer (one VEVENT per instance) from series sent whole.
    await measureAndPrint(
      [gateway, reference],
      rounds,
      runs(objects),
      (text) => `${responses(text)} responses, ${components(text)} VEVENTs`,
    );
  } finally {
    await radicale.stop();
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

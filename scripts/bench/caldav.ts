// `npm run bench:caldav`: 10,000 events (a tenth recurring, some endless)
// for one user, served by the gateway and by Radicale (the reference server, Debian) from the same
// objects, measured in one run: initial sync-collection, an incremental sync after 10 changes, a
// 90-day calendar-query with expand, a multiget of 100. Each figure is the median of --rounds
// runs after a warm-up; the ratio is gateway / Radicale. `--events N` changes the size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway } from '../../gateway/server.js';
import { benchCalendar, benchEvent, type BenchObject } from './caldav/generate.js';
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
    writeRadicaleCollection(
      storage,
      'bench',
      { tag: 'VCALENDAR', 'C:supported-calendar-component-set': 'VEVENT' },
      items(objects),
    ),
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
    await putAll(gateway, items(objects), 8, ICS);
    console.log(
      `loaded ${count} events (${objects.filter((_, i) => i % 10 === 0).length} recurring) into the gateway in ${((performance.now() - t0) / 1000).toFixed(1)} s; Radicale from its storage folder`,
    );
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

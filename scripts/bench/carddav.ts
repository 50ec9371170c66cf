// `npm run bench:carddav`: 20,000 contacts for one user, served by the gateway and by Radicale (the
// reference server, Debian) from the same cards, measured in one run: initial sync-collection,
// an incremental sync after 10 changes, a multiget of 100 and an addressbook-query by e-mail. Each
// figure is the median of --rounds runs after a warm-up; the ratio is gateway / Radicale. The
// cards are loaded as PUT stores them (carddav/seed.ts).
// `--contacts N` changes the size.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway } from '../../gateway/server.js';
import { benchCard, benchCards, type BenchCard } from './carddav/generate.js';
import { seedContacts } from './carddav/seed.js';
import { startRadicale } from './caldav/radicale.js';

const PYTHON = '/usr/bin/python3';
const VCF = 'text/vcard; charset=utf-8';
const CARD_NS = 'urn:ietf:params:xml:ns:carddav';

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
const cards = (xml: string): number => (xml.match(/BEGIN:VCARD/g) ?? []).length;
const tokenOf = (xml: string): string => /<(?:\w+:)?sync-token>([^<]*)</.exec(xml)?.[1] ?? '';

const syncBody = (token: string): string =>
  '<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:">' +
  `<d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
const queryBody = (email: string): string =>
  `<?xml version="1.0"?><card:addressbook-query xmlns:d="DAV:" xmlns:card="${CARD_NS}"><d:prop><d:getetag/><card:address-data/></d:prop>` +
  `<card:filter><card:prop-filter name="EMAIL"><card:text-match collation="i;unicode-casemap" match-type="equals">${email}</card:text-match></card:prop-filter></card:filter></card:addressbook-query>`;
const multigetBody = (s: Server, names: readonly string[]): string =>
  `<?xml version="1.0"?><card:addressbook-multiget xmlns:d="DAV:" xmlns:card="${CARD_NS}">` +
  `<d:prop><d:getetag/><card:address-data/></d:prop>${names.map((n) => `<d:href>${new URL(s.collection).pathname}${n}</d:href>`).join('')}</card:addressbook-multiget>`;

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

async function putAll(s: Server, list: readonly BenchCard[], parallel: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < list.length; i = next++) {
      const c = list[i] as BenchCard;
      const r = await call(s, 'PUT', s.collection + c.name, c.vcf, { 'content-type': VCF });
      if (r.status >= 300)
        throw new Error(`${s.label} PUT ${c.name}: ${r.status} ${r.text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Radicale's filesystem storage: one file per card and the collection's props file. */
function writeRadicaleBook(storage: string, list: readonly BenchCard[]): void {
  const dir = path.join(storage, 'collection-root', 'alice', 'contacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, '.Radicale.props'), JSON.stringify({ tag: 'VADDRESSBOOK' }));
  for (const c of list) writeFileSync(path.join(dir, c.name), c.vcf);
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      contacts: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const count = Number(values.contacts);
  const rounds = Number(values.rounds);
  const list = benchCards(count);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-carddav-'));
  const config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_ADMIN_PASSWORD: 'bench-password-1',
    GATEWAY_JOBS_POLL_MS: '1000',
  });
  const gw = await startGateway(config, createLogger(config.logLevel));
  const radicale = await startRadicale(PYTHON, (storage) => writeRadicaleBook(storage, list));
  try {
    const alice = await gw.store.users.create({
      userName: 'alice',
      password: 'alice-password-1',
      lastName: 'Bench',
    });
    const gateway: Server = {
      label: 'gateway',
      collection: `${gw.url}/dav/addressbooks/alice/contacts/`,
      auth: `Basic ${Buffer.from(`alice:${alice.accessKey}`).toString('base64')}`,
    };
    const reference: Server = {
      label: 'radicale',
      collection: `${radicale.url}/alice/contacts/`,
      auth: `Basic ${Buffer.from('alice:secret').toString('base64')}`,
    };
    const actor = await gw.store.users.actor(alice.id);
    if (!actor) throw new Error('no actor');
    const t0 = performance.now();
    await seedContacts(gw.store, actor, list);
    // One PUT through HTTP as well, so the loaded book is the one PUT writes to.
    await putAll(gateway, [benchCard(count)], 1);
    console.log(
      `loaded ${count} contacts into the gateway's store in ${((performance.now() - t0) / 1000).toFixed(1)} s (as PUT stores them, 500 per transaction); Radicale from its storage folder`,
    );
    const names = list
      .filter((_, i) => i % Math.max(1, Math.floor(count / 100)) === 0)
      .slice(0, 100)
      .map((c) => c.name);
    const wanted = `person${Math.floor(count * 0.73)}@example.org`;
    const runs: Array<
      readonly [string, (s: Server, round: number) => Promise<{ ms: number; text: string }>]
    > = [
      ['initial sync-collection', (s) => report(s, syncBody(''), '0')],
      [
        'incremental sync after 10 changes',
        async (s, round) => {
          const token = tokenOf((await report(s, syncBody(''), '0')).text);
          const changed = Array.from({ length: 10 }, (_, k) =>
            benchCard(round * 10 + k, `changed ${s.label} ${round}`),
          );
          await putAll(s, changed, 1);
          return report(s, syncBody(token), '0');
        },
      ],
      ['multiget of 100', (s) => report(s, multigetBody(s, names), '1')],
      ['addressbook-query by e-mail', (s) => report(s, queryBody(wanted), '1')],
    ];
    for (const [label, run] of runs) {
      const ms: Record<string, number> = {};
      const counts: Record<string, string> = {};
      for (const s of [gateway, reference]) {
        await run(s, rounds); // warm-up (Radicale builds its item cache on first use)
        const times: number[] = [];
        for (let r = 0; r < rounds; r++) {
          const out = await run(s, r);
          times.push(out.ms);
          counts[s.label] = `${responses(out.text)} responses, ${cards(out.text)} cards`;
        }
        ms[s.label] = median(times);
      }
      const g = ms['gateway'] ?? NaN;
      const r = ms['radicale'] ?? NaN;
      console.log(
        `${label}: gateway ${g.toFixed(0)} ms (${counts['gateway']}), radicale ${r.toFixed(0)} ms (${counts['radicale']}), ratio ${(g / r).toFixed(2)}`,
      );
    }
  } finally {
    await radicale.stop();
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

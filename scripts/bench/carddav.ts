// `npm run bench:carddav`: 20,000 contacts for one user, served by the gateway and by Radicale (the
// reference server, Debian) from the same cards, measured in one run: initial sync-collection,
// an incremental sync after 10 changes, a multiget of 100 and an addressbook-query by e-mail. Each
// figure is the median of --rounds runs after a warm-up; the ratio is gateway / Radicale. The
// cards are loaded as PUT stores them (carddav/seed.ts).
// `--contacts N` changes the size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchConfig } from './bench-config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway } from '../../gateway/server.js';
import { benchCard, benchCards, type BenchCard } from './carddav/generate.js';
import { seedContacts } from './carddav/seed.js';
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
const VCF = 'text/vcard; charset=utf-8';
const CARD_NS = 'urn:ietf:params:xml:ns:carddav';

const cards = (xml: string): number => (xml.match(/BEGIN:VCARD/g) ?? []).length;
const queryBody = (email: string): string =>
  `<?xml version="1.0"?><card:addressbook-query xmlns:d="DAV:" xmlns:card="${CARD_NS}"><d:prop><d:getetag/><card:address-data/></d:prop>` +
  `<card:filter><card:prop-filter name="EMAIL"><card:text-match collation="i;unicode-casemap" match-type="equals">${email}</card:text-match></card:prop-filter></card:filter></card:addressbook-query>`;
const multigetBody = (s: Server, names: readonly string[]): string =>
  `<?xml version="1.0"?><card:addressbook-multiget xmlns:d="DAV:" xmlns:card="${CARD_NS}">` +
  `<d:prop><d:getetag/><card:address-data/></d:prop>${names.map((n) => `<d:href>${new URL(s.collection).pathname}${n}</d:href>`).join('')}</card:addressbook-multiget>`;

const items = (list: readonly BenchCard[]): BenchItem[] =>
  list.map((c) => ({ name: c.name, text: c.vcf }));

function runs(list: readonly BenchCard[], count: number): Run[] {
  const names = list
    .filter((_, i) => i % Math.max(1, Math.floor(count / 100)) === 0)
    .slice(0, 100)
    .map((c) => c.name);
  const wanted = `person${Math.floor(count * 0.73)}@example.org`;
  return [
    ['initial sync-collection', (s) => report(s, syncBody(''), '0')],
    [
      'incremental sync after 10 changes',
      async (s, round) => {
        const token = tokenOf((await report(s, syncBody(''), '0')).text);
        const changed = Array.from({ length: 10 }, (_, k) =>
          benchCard(round * 10 + k, `changed ${s.label} ${round}`),
        );
        await putAll(s, items(changed), 1, VCF);
        return report(s, syncBody(token), '0');
      },
    ],
    ['multiget of 100', (s) => report(s, multigetBody(s, names), '1')],
    ['addressbook-query by e-mail', (s) => report(s, queryBody(wanted), '1')],
  ];
}

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
  const config = benchConfig(dir, {
    GATEWAY_JOBS_POLL_MS: '1000',
  });
  const gw = await startGateway(config, createLogger(config.logLevel));
  const radicale = await startRadicale(PYTHON, (storage) =>
    writeRadicaleCollection(storage, 'contacts', { tag: 'VADDRESSBOOK' }, items(list)),
  );
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
    await putAll(gateway, items([benchCard(count)]), 1, VCF);
    console.log(
      `loaded ${count} contacts into the gateway's store in ${((performance.now() - t0) / 1000).toFixed(1)} s (as PUT stores them, 500 per transaction); Radicale from its storage folder`,
    );
    await measureAndPrint(
      [gateway, reference],
      rounds,
      runs(list, count),
      (text) => `${responses(text)} responses, ${cards(text)} cards`,
    );
  } finally {
    await radicale.stop();
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

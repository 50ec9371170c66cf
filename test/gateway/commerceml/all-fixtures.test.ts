// Every fixture of test/fixtures/commerceml (gateway/commerceml/README.md §3) goes through the
// whole 1C conversation over HTTP zipped and in small parts (which cut UTF-8 characters in two),
// and every UTF-8 catalog fixture again as declared windows-1251, giving the same records as the
// UTF-8 run. The list is read from the folder, so a fixture added later is covered without editing
// this test.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import iconv from 'iconv-lite';
import {
  activateCurrency,
  ADMIN_ACCESS_KEY,
  startOneCGateway,
  type TestGateway,
} from '../../helpers/gateway.js';
import { adminActor, makeZip, OneCClient } from './one-c-client.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);
const ALL = readdirSync(FIXTURES)
  .filter((n) => n.endsWith('.xml'))
  .sort();
const isSale = (n: string): boolean => /documents|sale-query/.test(n);
// Catalog packages in the order 1C sends them: goods before offers, prices and rests.
const rank = (n: string): number =>
  /import/.test(n) ? 0 : /offers/.test(n) ? 1 : /prices/.test(n) ? 2 : 3;
const CATALOG = ALL.filter((n) => !isSale(n)).sort(
  (a, b) => rank(a) - rank(b) || a.localeCompare(b),
);
const SALE = ALL.filter(isSale);
const read = (n: string): Buffer => readFileSync(path.join(FIXTURES, n));

async function session(gw: TestGateway, type: string): Promise<OneCClient> {
  const c = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  if ((await c.checkauth(type)).lines[0] !== 'success') throw new Error('checkauth');
  await c.init(type);
  return c;
}

async function snapshot(gw: TestGateway): Promise<string[]> {
  const actor = await adminActor(gw);
  const out: string[] = [];
  for (const m of ['Products', 'Services', 'Catalogs']) {
    for (const r of await gw.store.records.list(actor, m, { limit: 1000 }))
      out.push(`${m}:${r.label}:${r.values['unit_price'] ?? ''}:${r.values['qtyinstock'] ?? ''}`);
  }
  return out.sort();
}

test('every fixture zipped and sent in 1,500-byte parts: each import answers success; UTF-8 and windows-1251 give the same records', async (t) => {
  t.timeout(120_000);
  t.true(CATALOG.length >= 6 && SALE.length >= 2, 'the fixtures are there');
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  // A Bitrix prices file has a USD price type besides roubles.
  await activateCurrency(gw, 'USD', '0.011');
  const c = await session(gw, 'catalog');
  const zip = makeZip(CATALOG.map((n, i) => ({ name: `pkg/${i}/${n}`, data: read(n) })));
  for (const a of await c.upload('v8_all.zip', zip, 1500)) t.is(a.text, 'success');
  for (const [i, n] of CATALOG.entries())
    t.is((await c.importFile(`pkg/${i}/${n}`)).lines[0], 'success', n);
  const utf8 = await snapshot(gw);
  t.true(utf8.filter((s) => s.startsWith('Products:')).length > 100);

  // Sale files in the new flow (init with version): zipped, applied at mode=import.
  const s = await session(gw, 'sale');
  for (const a of await s.upload(
    'v8_orders.zip',
    makeZip(SALE.map((n) => ({ name: n, data: read(n) }))),
    1500,
    'sale',
  ))
    t.is(a.text, 'success');
  for (const n of SALE)
    t.regex((await s.importFile(n, 'sale')).text, /^success\n0 orders updated/, n);

  // The same catalog files as windows-1251, in a fresh gateway.
  const other = await startOneCGateway();
  t.teardown(() => other.dispose());
  await activateCurrency(other, 'USD', '0.011');
  const w = await session(other, 'catalog');
  for (const n of CATALOG) {
    const text = read(n)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    t.regex(text, /encoding="UTF-8"/i, n);
    const cp1251 = iconv.encode(
      text.replace(/encoding="UTF-8"/i, 'encoding="windows-1251"'),
      'win1251',
    );
    for (const a of await w.upload(n, cp1251, 777)) t.is(a.text, 'success');
    t.is((await w.importFile(n)).lines[0], 'success', n);
  }
  t.deepEqual(await snapshot(other), utf8);
});

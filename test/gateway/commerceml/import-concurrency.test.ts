// A catalog import into a CRM that already has many products leaves the rest of the gateway
// usable (gateway/commerceml/README.md §6.8): REST `query` sent every ~50 ms while
// 2,000 new products are imported into a 40,000-product catalog answers with p99 under 1 s, and
// the adoption look-up costs no query per item. The heavier figures come from
// `npm run bench:commerceml-busy`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import {
  importOverProtocol,
  probeRest,
  quantile,
  restLogin,
  seedProducts,
} from '../../../scripts/bench/commerceml/busy-import.js';
import { generateCatalog } from '../../../scripts/bench/commerceml/generate.js';
import { adoptableRecords } from '../../../store/commerceml/link-batch.js';
import { ADMIN_ACCESS_KEY, startOneCGateway } from '../../helpers/gateway.js';

async function countProducts(gw: Awaited<ReturnType<typeof startOneCGateway>>): Promise<number> {
  const row = await gw.store.db
    .knex('crm_entities')
    .where({ module: 'Products', deleted: false })
    .count<{ n: number | string }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

test('REST p99 stays under 1 s while 2,000 products are imported into a 40,000-product catalog', async (t) => {
  t.timeout(110_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-busy-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const files = await generateCatalog(dir, 2000, 20);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const admin = await gw.store.users.findByUserName('admin');
  if (!admin) throw new Error('no admin');
  await seedProducts(gw.store, admin.id, 40_000);
  const session = await restLogin(gw.url, 'admin', ADMIN_ACCESS_KEY);
  const importing = importOverProtocol(gw, 'admin', ADMIN_ACCESS_KEY, files.importFile, 'i.xml');
  const probe = await probeRest(gw.url, session, importing);
  t.regex(await importing, /^success/);
  t.is(await countProducts(gw), 42_000, 'every new product created, none adopted or lost');
  t.is(probe.failures, 0);
  t.true(probe.latencies.length >= 3, `only ${probe.latencies.length} REST answers`);
  const p99 = quantile(probe.latencies, 0.99);
  t.true(p99 < 1000, `REST p99 ${p99.toFixed(0)} ms during the import`);
});

test('adoption costs no query per new item: 500 new products into 6,000 existing', async (t) => {
  t.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-adopt-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const files = await generateCatalog(dir, 500, 5);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const admin = await gw.store.users.findByUserName('admin');
  if (!admin) throw new Error('no admin');
  await seedProducts(gw.store, admin.id, 6000);
  // Read by pages of 5,000 (link-batch.ts): every record once across the page boundary.
  const adoptable = await adoptableRecords(
    gw.store.db.knex,
    gw.store.syncLinks,
    { module: 'Products', table: 'mod_products', system: '1c' },
    { nameField: 'productname', codeField: 'productcode' },
  );
  t.is(new Set(adoptable.map((r) => r.id)).size, 6000);
  let reads = 0;
  const count = (q: { sql: string }): void => {
    if (/^select/i.test(q.sql) && q.sql.includes('mod_products')) reads++;
  };
  gw.store.db.knex.on('query', count);
  t.teardown(() => gw.store.db.knex.off('query', count));
  t.regex(
    await importOverProtocol(gw, 'admin', ADMIN_ACCESS_KEY, files.importFile, 'i.xml'),
    /^success\n505 created/,
  );
  t.is(await countProducts(gw), 6500);
  // One read of the adoptable records per import, and at most one re-check per batch.
  t.true(reads < 50, `${reads} reads of mod_products for 500 items`);
});

test('on SQLite the import commits about every 100 ms: p90 of its transactions under 600 ms', async (t) => {
  t.timeout(90_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-span-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const files = await generateCatalog(dir, 3000, 20);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const admin = await gw.store.users.findByUserName('admin');
  if (!admin) throw new Error('no admin');
  await seedProducts(gw.store, admin.id, 10_000);
  // SQLite has one connection (store/db.ts), so each BEGIN…COMMIT is time nobody else gets it.
  const begun = new Map<string, number>();
  const spans: number[] = [];
  const watch = (q: { sql: string; bindings?: unknown[]; __knexTxId?: string }): void => {
    const tx = q.__knexTxId ?? '';
    // A slow disk, made steady: 1 ms per record inserted, so the time a batch takes is set by
    // its size, not by what else runs on the test machine.
    if (/^insert into .crm_entities./i.test(q.sql)) {
      const until = performance.now() + (q.bindings?.length ?? 0) / 10;
      while (performance.now() < until);
    }
    if (/^begin/i.test(q.sql)) begun.set(tx, performance.now());
    const start = begun.get(tx);
    if (/^(commit|rollback)/i.test(q.sql) && start !== undefined)
      spans.push(performance.now() - start);
  };
  gw.store.db.knex.on('query', watch);
  t.teardown(() => gw.store.db.knex.off('query', watch));
  t.regex(
    await importOverProtocol(gw, 'admin', ADMIN_ACCESS_KEY, files.importFile, 'i.xml'),
    /^success\n3020 created/,
  );
  t.true(spans.length > 3, `${spans.length} transactions`);
  // p90 rather than the longest: one batch may meet a GC pause or a busy core.
  const p90 = quantile(spans, 0.9);
  t.true(p90 < 600, `p90 ${p90.toFixed(0)} ms over ${spans.map((s) => s.toFixed(0)).join(' ')}`);
});

// The push against shop modules as they behave (test/gateway/shops/shop-double.ts) and every
// fault of sync/shop/README.md §3: each failure lands in the history with the shop's own words,
// the cursor does not move, and the next run starts over with a full push.
import test from 'ava';
import { pushCatalog, type ShopRunDeps } from '../../../sync/shop/catalog-push.js';
import { sqliteStore, type TestStore } from '../../helpers/store.js';
import { runDeps, smallCatalog } from './shop-fixture.js';
import { startShopDouble, type DoubleOptions, type ShopDouble } from './shop-double.js';

interface Setup {
  readonly ts: TestStore;
  readonly deps: ShopRunDeps;
  readonly shop: ShopDouble;
  readonly id: number;
}

async function setup(
  t: { teardown(fn: () => Promise<void> | void): void },
  options: DoubleOptions,
  limits: Partial<Pick<ShopRunDeps, 'requestTimeoutMs' | 'importBudgetMs'>> = {},
  password = 'secret',
): Promise<Setup> {
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  await smallCatalog(ts.store, ts.admin);
  const shop = await startShopDouble(options);
  t.teardown(() => shop.close());
  const deps = runDeps(ts.store, limits);
  const conn = await deps.connections.create({
    name: options.flavor,
    url: shop.url,
    login: 'admin',
    password,
    userId: ts.admin.userId,
  });
  return { ts, deps, shop, id: conn.id };
}

async function lastError(s: Setup): Promise<string> {
  const [entry] = await s.ts.store.exchangeLog.list({ system: 'shop', limit: 1 });
  return entry?.error ?? '';
}

test('Bitrix: sessid and cookie on every call, one zip in parts of at most 204800, import looped on progress, deactivate and complete', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, { flavor: 'bitrix' });
  const result = await pushCatalog(s.deps, s.id);
  t.like(result, { full: true, zip: true, fileLimit: 204800, products: 2, services: 1 });
  const basic = `Basic ${Buffer.from('admin:secret').toString('base64')}`;
  t.true(
    s.shop.seen.every((r) => r.authorization === basic),
    'Basic on every request',
  );
  const after = s.shop.seen.slice(1);
  t.true(after.every((r) => r.params.get('sessid') !== null && r.cookie.startsWith('BITRIX_SM')));
  const files = s.shop.seen.filter((r) => r.mode === 'file');
  t.deepEqual(
    files.map((r) => r.params.get('filename')),
    files.map(() => 'crm-catalog.zip'),
  );
  t.true(files.every((r) => r.bodyBytes <= 204800));
  t.deepEqual([...s.shop.files.keys()].sort(), ['import.xml', 'offers.xml']);
  t.regex(s.shop.files.get('import.xml')?.toString('utf8') ?? '', /Ботинки зимние/);
  const imports = s.shop.seen.filter((r) => r.mode === 'import');
  t.is(imports.length, 8, 'three progress answers and a success per file');
  t.is(result.importCalls, 8);
  const deactivate = s.shop.seen.find((r) => r.mode === 'deactivate');
  t.is(deactivate?.params.get('timestamp'), '1767000000');
  t.is(s.shop.seen.at(-1)?.mode, 'complete');
  t.is((await s.deps.connections.mustGet(s.id)).lastError, null);
});

test('OpenCart: fixed cookie, plain files, split at file_limit and appended in order; file_limit=0 sends whole files', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, { flavor: 'opencart', fileLimit: 1000 });
  const result = await pushCatalog(s.deps, s.id);
  t.false(result.zip);
  const parts = s.shop.seen.filter((r) => r.mode === 'file');
  t.true(parts.length > 2, 'the files were cut into parts');
  t.true(parts.every((r) => r.bodyBytes <= 1000));
  t.true(s.shop.seen.slice(1).every((r) => /^key=[0-9a-f]{32}$/.test(r.cookie)));
  t.regex(s.shop.files.get('offers.xml')?.toString('utf8') ?? '', /<\/КоммерческаяИнформация>\s*$/);

  const whole = await setup(t, { flavor: 'opencart', fileLimit: 0 });
  await pushCatalog(whole.deps, whole.id);
  t.deepEqual(
    whole.shop.seen.filter((r) => r.mode === 'file').map((r) => r.params.get('filename')),
    ['import.xml', 'offers.xml'],
  );
});

test('a wrong password answered with HTTP 200 failure in windows-1251 fails the run with the decoded words', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, { flavor: 'bitrix' }, {}, 'wrong');
  const err = await t.throwsAsync(pushCatalog(s.deps, s.id));
  t.regex(err?.message ?? '', /Неверный логин или пароль/);
  t.regex(await lastError(s), /checkauth: the shop answered failure\nНеверный логин или пароль/);
  t.is((await s.deps.connections.mustGet(s.id)).pushedUntil, null);
  t.false(s.shop.seen.some((r) => r.mode === 'file'));
});

test('an HTML warning instead of a status line fails the run and keeps the page in the history', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, { flavor: 'opencart', fault: 'html' });
  await t.throwsAsync(pushCatalog(s.deps, s.id));
  t.regex(await lastError(s), /<b>Warning<\/b>: {2}Undefined index/);
  t.is((await s.deps.connections.mustGet(s.id)).pushedUntil, null);
});

test('progress forever stops at the time budget', async (t) => {
  t.timeout(60_000);
  const s = await setup(
    t,
    { flavor: 'bitrix', fault: 'progress-forever' },
    { importBudgetMs: 300 },
  );
  const err = await t.throwsAsync(pushCatalog(s.deps, s.id));
  t.regex(err?.message ?? '', /still answered progress after \d+ calls/);
  t.false(s.shop.seen.some((r) => r.mode === 'complete'));
});

test('a shop that hangs in the middle of an import, or drops the connection, fails the run; the next run is full again', async (t) => {
  t.timeout(60_000);
  const hang = await setup(t, { flavor: 'opencart', fault: 'hang' }, { requestTimeoutMs: 500 });
  const err = await t.throwsAsync(pushCatalog(hang.deps, hang.id));
  t.regex(err?.message ?? '', /import import\.xml|mode=import/);
  t.is(
    hang.shop.seen.filter((r) => r.mode === 'import').length,
    1,
    'a running import is not retried',
  );

  const drop = await setup(t, { flavor: 'opencart', fault: 'drop' });
  await t.throwsAsync(pushCatalog(drop.deps, drop.id));
  t.regex(await lastError(drop), /mode=import/);
  t.is((await drop.deps.connections.mustGet(drop.id)).pushedUntil, null);
  const entries = await drop.ts.store.exchangeLog.list({ system: 'shop', limit: 5 });
  t.is(entries[0]?.status, 'error');
});

test('a shop that does not know deactivate/complete still gets a successful push', async (t) => {
  t.timeout(60_000);
  const s = await setup(t, { flavor: 'opencart', fault: 'unknown-mode' });
  const result = await pushCatalog(s.deps, s.id);
  t.regex(result.notes.join('\n'), /complete: failure/);
  t.not((await s.deps.connections.mustGet(s.id)).pushedUntil, null);
});

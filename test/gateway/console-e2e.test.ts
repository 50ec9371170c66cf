// The console driven by a real browser: log in, run and reset a job, restore a deleted record,
// create a user, read the field names. Each page is photographed (into docs/screenshots/ when
// GATEWAY_SCREENSHOTS=1, else into a temporary directory).
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { linkVariants, replaceStock, replaceTaxes } from '../../store/commerceml/product-extras.js';
import { nowUtc } from '../../store/db.js';
import type { CrmRecord } from '../../store/types.js';
import { ADMIN_PASSWORD, startTestGateway } from '../helpers/gateway.js';
import { ROOT } from '../helpers/process.js';

const SHOTS =
  process.env.GATEWAY_SCREENSHOTS === '1'
    ? path.join(ROOT, 'docs/screenshots')
    : mkdtempSync(path.join(tmpdir(), 'gw-shots-'));

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** Opens a menu group (a <details>) and follows one of its links. */
async function menu(page: Page, group: string, item: string): Promise<void> {
  await page.click(`nav summary:text-is("${group}")`);
  await page.click(`nav a:text-is("${item}")`);
}

test('an administrator works through the console in Chromium', async (t) => {
  t.timeout(180_000);
  const browser = await launchChromium();
  if (!browser) {
    t.log('Chromium not installed: skipped (run scripts/test-peers.sh as root)');
    t.pass();
    return;
  }
  t.teardown(() => browser.close());
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const admin = (await gw.store.users.actor(1))!;
  const acme = await gw.store.records.create(admin, 'Accounts', {
    values: { accountname: 'Acme Trading' },
  });
  await gw.store.records.create(admin, 'Contacts', {
    values: { firstname: 'Ada', lastname: 'Lovelace' },
  });
  await gw.store.recycleBin.delete(admin, 'Accounts', acme.id);
  const log = await gw.store.exchangeLog.start('1c', 'inbound', 'main');
  await gw.store.exchangeLog.finish(
    log,
    'error',
    { created: 3, failed: 1 },
    'Unit of measure "кг" unknown in offers.xml',
  );
  // A month of exchanges for the dashboard's chart, and a calendar link synced an hour ago.
  const now = Date.now();
  const at = (daysAgo: number): string => nowUtc(new Date(now - daysAgo * 86_400_000));
  const history = Array.from({ length: 30 }, (_, d) => [
    ...Array.from({ length: (d * 7) % 5 }, () => ({ system: '1c', status: 'ok', d })),
    ...(d % 9 === 4 ? [{ system: '1c', status: 'error', d }] : []),
    ...Array.from({ length: 2 + (d % 3) }, () => ({ system: 'caldav-bridge', status: 'ok', d })),
    ...(d % 11 === 2 ? [{ system: 'caldav-bridge', status: 'partial', d }] : []),
  ]).flat();
  await gw.store.db.knex('exchange_log').insert(
    history.map((h) => ({
      started_at: at(h.d),
      system: h.system,
      direction: 'inbound',
      status: h.status,
    })),
  );
  await gw.store.db.knex('bridge_links').insert({
    system: 'caldav-bridge',
    user_id: 1,
    kind: 'caldav',
    endpoint: 'https://dav.example.com/calendars/admin/work/',
    settings: '{}',
    secrets: 'sealed',
    last_sync_at: nowUtc(new Date(now - 3_600_000)),
    // Not due: the bridge's scheduler leaves the made-up link alone.
    next_attempt_at: nowUtc(new Date(now + 86_400_000)),
    created_at: at(30),
  });

  // A product with two variants, stock in two warehouses and VAT, as the 1C exchange stores them.
  const boots = await gw.store.records.create(admin, 'Products', {
    values: { productname: 'Женские ботфорты', productcode: 'Б-130001', unit_price: '1719' },
  });
  const sizes: CrmRecord[] = [];
  for (const [size, qty] of [
    ['38', '20'],
    ['39', '4'],
  ] as const)
    sizes.push(
      await gw.store.records.create(admin, 'Products', {
        values: { productname: `Женские ботфорты (${size})`, unit_price: '1719', qtyinstock: qty },
      }),
    );
  await gw.store.db.knex.transaction(async (trx) => {
    await linkVariants(
      trx,
      sizes.map((v, i) => ({
        variantId: v.id,
        productId: boots.id,
        properties: [
          ['Размер', i === 0 ? '38' : '39'],
          ['Цвет', 'коричневый'],
        ],
      })),
    );
    await replaceStock(trx, [
      {
        recordId: boots.id,
        warehouseId: 'b6112590',
        warehouseName: 'Магазин "Обувь"',
        quantity: '16',
      },
      { recordId: boots.id, warehouseId: 'c7223601', warehouseName: 'Склад Москва', quantity: '8' },
    ]);
    await replaceTaxes(trx, [boots.id], [{ recordId: boots.id, taxName: 'НДС', percentage: '20' }]);
  });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${gw.url}/console/jobs`);
  t.regex(page.url(), /\/console\/login\?next=%2Fconsole%2Fjobs$/);
  await shot(page, 'login');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/jobs$/);

  // jobs: run now, then reset
  const row = page.locator('tr[data-job="maintenance.sessions"]');
  await row.getByRole('button', { name: 'Run now' }).click();
  await page.waitForSelector('.flash.ok');
  t.regex((await page.textContent('.flash')) ?? '', /will run/);
  await t.notThrowsAsync(async () => {
    for (let i = 0; i < 100; i++) {
      await page.goto(`${gw.url}/console/jobs`);
      if ((await row.locator('[data-field=status]').textContent()) === 'ok') return;
      await page.waitForTimeout(100);
    }
    throw new Error('the job did not run');
  });
  await shot(page, 'jobs');
  await row.getByRole('button', { name: 'Reset' }).click();
  t.regex((await page.textContent('.flash')) ?? '', /was reset/);
  // reset makes the job due at once, so the worker may already have run it again
  t.like(await gw.store.jobs.get('maintenance.sessions'), { attempts: 0, lastError: null });

  // recycle bin: restore the deleted account
  await menu(page, 'Data', 'Recycle bin');
  await page.selectOption('select[name=module]', 'Accounts');
  await page.click('form.filters button');
  await page.check(`input[name=id][value="${acme.id}"]`);
  await shot(page, 'recycle-bin');
  await page.click('text=Restore selected');
  t.regex((await page.textContent('.flash')) ?? '', /1 record\(s\) restored/);
  t.truthy(await gw.store.records.get(admin, 'Accounts', acme.id));

  // users: create one, then regenerate its access key (shown once)
  await menu(page, 'Users & access', 'Users & groups');
  await page.fill('form[action="/console/users"] input[name=username]', 'jane');
  await page.fill('form[action="/console/users"] input[name=last_name]', 'Doe');
  await page.fill('form[action="/console/users"] input[name=password]', 'jane-password-1');
  await page.click('text=Create user');
  t.regex((await page.textContent('.flash')) ?? '', /User jane was created/);
  page.once('dialog', (d) => void d.accept());
  await page.click('text=Regenerate access key');
  const key = await page.textContent('[data-secret]');
  t.is(key, (await gw.store.users.findByUserName('jane'))?.accessKey ?? null);
  await page.goto(`${gw.url}/console/users`);
  t.truthy(await page.$('tr[data-user="jane"]'));
  await shot(page, 'users');

  // field names
  await menu(page, 'Data', 'REST field names');
  t.regex((await page.textContent('#m-Accounts')) ?? '', /id prefix 11/);
  t.truthy(await page.$('code:text-is("accountname")'));
  await shot(page, 'fields');

  for (const [name, url] of [
    ['dashboard', '/console'],
    ['exchange', '/console/exchange'],
    ['about', '/console/about'],
  ] as const) {
    await page.goto(`${gw.url}${url}`);
    await shot(page, name);
  }
  t.regex((await page.textContent('[data-active-users]')) ?? '', /^2$/);
  await page.goto(`${gw.url}/console/products/${boots.id}`);
  t.is(await page.locator('#variants tr').count(), 3);
  await shot(page, 'product');
  // The open menu group over the dashboard.
  await page.goto(`${gw.url}/console`);
  await page.click('nav summary:text-is("Integrations")');
  t.true(await page.isVisible('nav a:text-is("1C exchange")'));
  await shot(page, 'menu');
  // Opening another group closes the first (console.js).
  await page.click('nav summary:text-is("System")');
  t.false(await page.isVisible('nav a:text-is("1C exchange")'));

  // the same console on a phone
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const mobile = await phone.newPage();
  await mobile.goto(`${gw.url}/console/login`);
  await mobile.fill('input[name=username]', 'admin');
  await mobile.fill('input[name=password]', ADMIN_PASSWORD);
  await mobile.click('button[type=submit]');
  await mobile.waitForURL(/\/console$/);
  await mobile.click('label.menu-button');
  await mobile.click('nav summary:text-is("Data")');
  t.true(await mobile.isVisible('nav a:text-is("Recycle bin")'));
  await shot(mobile, 'dashboard-phone');
  await phone.close();
  await context.close();
});

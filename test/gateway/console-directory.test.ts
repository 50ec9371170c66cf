// Directory users in the console, against a real slapd: login creates the user, group mapping
// grants admin, a stopped directory refuses directory users but never the local admin. The
// directory page (settings, connection test) is driven and photographed in Chromium.
import test from 'ava';
import path from 'node:path';
import { DirectoryService } from '../../adapters/ldap/directory-service.js';
import { launchChromium } from '../helpers/chromium.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { baseConfig } from '../helpers/directory-fixture.js';
import { ADMIN_PASSWORD, startTestGateway } from '../helpers/gateway.js';
import { requirePeer } from '../helpers/peers.js';
import { ROOT } from '../helpers/process.js';
import { startSlapd } from '../helpers/slapd.js';

test('directory users log in to the console; a stopped directory never locks out the local admin', async (t) => {
  t.timeout(120_000);
  const slapd = await startSlapd();
  if (!requirePeer('slapd', slapd !== null, t) || slapd === null) return;
  t.teardown(() => slapd.stop());
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const service = new DirectoryService(gw.store);
  await service.configure(
    {
      ...baseConfig(slapd),
      timeoutMs: 1500,
      groupMappings: [
        { directoryGroup: slapd.groupDn('admins'), gatewayGroup: 'Admins', admin: true },
        { directoryGroup: slapd.groupDn('sales'), gatewayGroup: 'Sales', admin: false },
      ],
    },
    'openldap',
  );

  const alice = new ConsoleClient(gw.url);
  t.is((await alice.login('alice', 'wrong-secret')).status, 401);
  t.is((await alice.login('alice', 'alice-secret')).status, 303);
  t.is((await alice.get('/console')).status, 200);
  t.is((await alice.get('/console/users')).status, 403, 'alice is not in the admin group');
  const created = await gw.store.users.findByUserName('alice');
  t.like(created, { authSource: 'ldap', email: 'alice@example.org', isAdmin: false });

  const bob = new ConsoleClient(gw.url);
  t.is((await bob.login('bob', 'bob-secret')).status, 303);
  t.is((await bob.get('/console/users')).status, 200, 'bob is an admin through the mapped group');
  const injected = new ConsoleClient(gw.url);
  t.is((await injected.login('*)(uid=*', 'bob-secret')).status, 401);

  await slapd.stop();
  const down = await new ConsoleClient(gw.url).login('alice', 'alice-secret');
  t.is(down.status, 401);
  t.regex(await down.text(), /directory cannot be reached/);
  t.is(
    (await new ConsoleClient(gw.url).login('admin', ADMIN_PASSWORD)).status,
    303,
    'the local admin still logs in',
  );
});

test('the directory page saves settings and shows the connection test in plain words (Chromium)', async (t) => {
  t.timeout(120_000);
  const slapd = await startSlapd();
  if (!requirePeer('slapd', slapd !== null, t) || slapd === null) return;
  t.teardown(() => slapd.stop());
  const browser = await launchChromium();
  if (!requirePeer('chromium', browser !== null, t) || browser === null) return;
  t.teardown(() => browser.close());
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  await page.goto(`${gw.url}/console/login?next=%2Fconsole%2Fdirectory`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/directory$/);
  await page.check('input[name=enabled]');
  await page.selectOption('select[name=preset]', 'openldap');
  await page.fill('input[name=url]', slapd.url);
  await page.check('input[name=startTls]');
  await page.fill('textarea[name=caCert]', slapd.caCert);
  await page.fill('input[name=bindDn]', slapd.adminDn);
  await page.fill('input[name=bindPassword]', slapd.adminPassword);
  await page.fill('input[name=userBase]', slapd.peopleBase);
  await page.fill('input[name=groupBase]', slapd.groupBase);
  await page.fill('textarea[name=groupMappings]', `${slapd.groupDn('sales')}=>Sales`);
  await page.click('text=Save');
  t.regex((await page.textContent('.flash')) ?? '', /saved/);
  await page.click('text=Test the connection');
  const results = await page.locator('table td.good').count();
  t.true(results >= 3, 'connect, TLS, bind and search report success');
  t.is(await page.locator('table td.bad').count(), 0);
  if (process.env.GATEWAY_SCREENSHOTS === '1')
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/directory.png') });
  await page.click('text=Sync users now');
  t.regex((await page.textContent('.flash')) ?? '', /Sync done: 3 created/);
  t.is((await gw.store.users.list()).filter((u) => u.authSource === 'ldap').length, 3);
  // a wrong CA makes the test say so plainly
  await page.fill('textarea[name=caCert]', slapd.otherCaCert);
  await page.click('text=Save');
  await page.click('text=Test the connection');
  t.regex((await page.locator('table td.bad').first().textContent()) ?? '', /certificate/i);
});

// The Feeds page in headless Chromium: an admin adds a site, sees its
// articles unread first, fetches again (304), reads an article in its sandboxed frame, stars and
// marks read; another user sees the shared feed with flags of their own. No dialog may ever open:
// every script in the fixtures must stay inert.
import test from 'ava';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../helpers/chromium.js';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { requirePeer } from '../../helpers/peers.js';
import { ROOT } from '../../helpers/process.js';
import { startFeedServer } from './feed-server.js';

async function login(page: Page, base: string, user: string, password: string): Promise<void> {
  await page.goto(`${base}/console/login?next=%2Fconsole%2Ffeeds`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/feeds$/);
}

const flash = async (page: Page): Promise<string> => (await page.textContent('.flash')) ?? '';

test('feeds page: add, fetch, read in the sandboxed frame, star, mark read; shared feed for another user', async (t) => {
  t.timeout(90_000);
  const browser = await launchChromium();
  if (!requirePeer('chromium', browser !== null, t) || browser === null) return;
  t.teardown(() => browser.close());
  const srv = await startFeedServer(t);
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  await gw.store.users.create({ userName: 'dora', password: 'dora-password', lastName: 'Dora' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await login(page, gw.url, 'admin', ADMIN_PASSWORD);
  t.is(await page.locator('nav a', { hasText: 'Feeds' }).count(), 1);

  await page.fill('input[name=url]', `${srv.origin}/site/`);
  await page.fill('input[name=folder]', 'Suppliers');
  await page.check('input[name=shared]');
  await page.click('text=Add feed');
  t.regex(await flash(page), /Following Acme Shop News – Updates .*: 3 articles/);
  t.is(await page.locator('#articles tr[data-article]').count(), 3);
  t.is(await page.locator('#articles tr[data-read="0"]').count(), 3);
  t.is(await page.locator('#feeds td[data-field=health]').first().textContent(), 'ok');

  await page.click('#feeds button:has-text("Fetch now")');
  t.regex(await flash(page), /has not changed \(304\)/);
  t.is(await page.locator('#feeds td[data-field=not-modified]').first().textContent(), '1');

  await page.click('#articles a:has-text("Spring catalogue is out")');
  await page.waitForURL(/\/console\/feeds\/articles\/\d+$/);
  const frame = page.frameLocator('iframe.article-frame');
  await frame.locator('text=Download the PDF').waitFor();
  t.is(await frame.locator('script, iframe, [onerror], [onclick]').count(), 0);
  t.is(await frame.locator('img[src*="pixel.tracker"]').count(), 0);
  t.is(
    await frame.locator('a[href$="spring-2024.pdf"]').getAttribute('rel'),
    'noopener noreferrer nofollow',
  );
  if (process.env.GATEWAY_SCREENSHOTS === '1')
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/feed-article.png') });
  await page.click('text=Star');
  await page.click('text=Back to the feed');

  const rows = page.locator('#articles tr[data-article]');
  t.is(
    await rows.last().getAttribute('data-read'),
    '1',
    'the opened article is read and sorts after the unread ones',
  );
  t.is(await rows.last().getAttribute('data-starred'), '1');
  await rows.first().locator('button:has-text("Mark read")').click();
  t.is(await page.locator('#articles tr[data-read="0"]').count(), 1);
  await page.click('.filters a:has-text("Starred")');
  t.is(await page.locator('#articles tr[data-article]').count(), 1);
  if (process.env.GATEWAY_SCREENSHOTS === '1') {
    await page.goto(`${gw.url}/console/feeds`);
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/feeds.png'), fullPage: true });
  }

  const other = await (await browser.newContext()).newPage();
  other.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await login(other, gw.url, 'dora', 'dora-password');
  t.is(await other.locator('input[name=shared]').count(), 0, 'only admins add shared feeds');
  t.is(await other.locator('#articles tr[data-read="0"]').count(), 3, 'her own flags: all unread');
  t.is(
    await other.locator('#feeds button:has-text("Delete")').count(),
    0,
    'she cannot delete the shared feed',
  );
  await other.fill('input[name=url]', 'http://10.0.0.1:9/feed.xml');
  await other.click('text=Add feed');
  t.regex(await flash(other), /The feed was not added: refused to connect to address 10\.0\.0\.1/);
  t.deepEqual(dialogs, []);
});

test('article content is served with its own sandboxing CSP and only to users who see the feed', async (t) => {
  t.timeout(60_000);
  const srv = await startFeedServer(t);
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const { ConsoleClient } = await import('../../helpers/console-client.js');
  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const csrf = await admin.csrf('/console/feeds');
  t.is(
    (await admin.post('/console/feeds', { _csrf: csrf, url: `${srv.origin}/feeds/atom-1.0.xml` }))
      .status,
    303,
  );
  const list = await (await admin.get('/console/feeds')).text();
  const id = /data-article="(\d+)"/.exec(list)?.[1] ?? '';
  const res = await admin.get(`/console/feeds/articles/${id}/content`);
  t.is(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  t.regex(csp, /default-src 'none'/);
  t.regex(csp, /sandbox allow-popups/);
  t.notRegex(csp, /script-src/);
  t.is(res.headers.get('x-frame-options'), 'SAMEORIGIN');
  t.notRegex(await res.text(), /onerror/);
  await gw.store.users.create({ userName: 'eve', password: 'eve-password', lastName: 'Eve' });
  const eve = new ConsoleClient(gw.url);
  await eve.login('eve', 'eve-password');
  t.is(
    (await eve.get(`/console/feeds/articles/${id}/content`)).status,
    404,
    "the admin's own feed is private",
  );
  t.is((await eve.get(`/console/feeds/articles/${id}`)).status, 404);
  const feedId = /data-feed="(\d+)"/.exec(list)?.[1] ?? '';
  t.is(
    (await eve.post(`/console/feeds/${feedId}/delete`, { _csrf: await eve.csrf('/console/feeds') }))
      .status,
    404,
    'not even visible to her',
  );
  t.is((await admin.post(`/console/feeds/${feedId}/delete`, { _csrf: csrf })).status, 303);
  t.is(
    await gw.store.db
      .knex('feed_articles')
      .count({ n: '*' })
      .first()
      .then((r) => Number(r?.n)),
    0,
    'its articles went with it',
  );
});

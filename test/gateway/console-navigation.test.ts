// The console's grouped menu and the dashboard's trend (gateway/console/README.md): five groups,
// every page of the former flat menu still linked from it, the last 30 days of exchanges per
// system as inline SVG bars, and the time since each bridge link's last successful sync.
import test from 'ava';
import { nowUtc } from '../../store/db.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway } from '../helpers/gateway.js';

// The flat menu as it was before the groups: each entry must stay one click inside a group.
const FORMER_MENU = [
  '/console',
  '/console/jobs',
  '/console/exchange',
  '/console/commerceml',
  '/console/webforms',
  '/console/recycle-bin',
  '/console/users',
  '/console/directory',
  '/console/caldav-links',
  '/console/oauth-apps',
  '/console/linked-apps',
  '/console/feeds',
  '/console/fields',
  '/console/about',
];
const GROUPS = ['Overview', 'Integrations', 'Users &amp; access', 'Data', 'System'];

function navOf(page: string): string {
  const start = page.indexOf('<nav class="menu"');
  return page.slice(start, page.indexOf('</nav>', start));
}

test('the menu has five groups and still links every page of the former menu', async (t) => {
  t.timeout(60_000);
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const web = new ConsoleClient(gw.url);
  await web.login('admin', ADMIN_PASSWORD);
  const res = await web.get('/console/recycle-bin');
  t.regex(res.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
  const nav = navOf(await res.text());
  t.deepEqual(
    [...nav.matchAll(/<summary[^>]*>([^<]+)<\/summary>/g)].map((m) => m[1]),
    GROUPS,
  );
  t.regex(nav, /<summary class="current">Data<\/summary>/, "the current page's group is marked");
  t.regex(nav, /<a href="\/console\/recycle-bin" aria-current="page">/);
  t.false(/<script|style=/.test(nav), 'no inline script or style: the CSP forbids both');
  for (const href of FORMER_MENU) {
    t.true(nav.includes(`<a href="${href}"`), `${href} is in the menu`);
    const page = await web.get(href);
    t.is(page.status, 200, href);
  }
  // A user who is no administrator sees only the groups with pages for them.
  await gw.store.users.create({ userName: 'ann', password: 'ann-password-1', lastName: 'Ann' });
  const ann = new ConsoleClient(gw.url);
  await ann.login('ann', 'ann-password-1');
  const annNav = navOf(await (await ann.get('/console')).text());
  t.deepEqual(
    [...annNav.matchAll(/<summary[^>]*>([^<]+)<\/summary>/g)].map((m) => m[1]),
    GROUPS,
  );
  t.false(annNav.includes('/console/jobs'));
  t.true(annNav.includes('/console/linked-apps'));
});

test("the dashboard charts 30 days of exchanges per system and shows each bridge link's lag", async (t) => {
  t.timeout(60_000);
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const knex = gw.store.db.knex;
  const now = Date.now();
  const at = (daysAgo: number, hours = 0): string =>
    nowUtc(new Date(now - daysAgo * 86_400_000 - hours * 3_600_000));
  const day = at(3).slice(0, 10);
  const row = (system: string, status: string, started: string): Record<string, unknown> => ({
    started_at: started,
    system,
    direction: 'inbound',
    status,
  });
  await knex('exchange_log').insert([
    row('1c', 'ok', at(3)),
    row('1c', 'ok', at(3)),
    row('1c', 'ok', at(3)),
    row('1c', 'error', at(3)),
    row('1c', 'running', at(3)),
    row('1c', 'ok', at(40)),
    row('caldav-bridge', 'partial', at(0)),
  ]);
  await knex('bridge_links').insert({
    system: 'caldav-bridge',
    user_id: 1,
    kind: 'caldav',
    endpoint: 'https://dav.example.com/cal/',
    settings: '{}',
    secrets: 'sealed',
    last_sync_at: at(0, 5),
    // Not due: the bridge's scheduler leaves the made-up link alone.
    next_attempt_at: at(-1),
    created_at: at(10),
  });
  const web = new ConsoleClient(gw.url);
  await web.login('admin', ADMIN_PASSWORD);
  const page = await (await web.get('/console')).text();
  const chart = page.slice(page.indexOf('<figure class="trend" data-system="1c">'));
  const svg = chart.slice(0, chart.indexOf('</figure>'));
  const rects = [
    ...svg.matchAll(
      /<rect class="bar-(\w+)" data-day="([\d-]+)" data-count="(\d+)" x="[\d.]+" y="[\d.]+" width="10" height="([\d.]+)"><title>([^<]+)<\/title>/g,
    ),
  ].map((m) => ({ kind: m[1], day: m[2], count: m[3], height: m[4], title: m[5] }));
  t.deepEqual(rects, [
    { kind: 'succeeded', day, count: '3', height: '45', title: `${day} · 1c: 3 succeeded` },
    { kind: 'failed', day, count: '1', height: '15', title: `${day} · 1c: 1 failed` },
  ]);
  t.regex(
    page,
    /<figure class="trend" data-system="caldav-bridge">[^]*?data-count="1"[^]*?1 failed<\/title>/,
  );
  const lag = page.slice(page.indexOf('<table id="link-lag">'));
  t.regex(
    lag,
    /<td>caldav-bridge<\/td><td>admin<\/td><td class="muted">https:\/\/dav\.example\.com\/cal\/<\/td>/,
  );
  t.regex(lag, /<td class="lag">5h 0m<\/td>/);
});

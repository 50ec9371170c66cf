// The console's Notifications page in Chromium (gateway/push/README.md §6): the page registers
// its service worker and subscribes with the gateway's VAPID key, the gateway stores the
// subscription and pushes to it (the test push service decrypts and checks VAPID), and the
// service worker shows the pushed payload as a notification.
//
// Headless Chromium has no push service of its own to register with (its default one is on the
// network, which these machines refuse), so PushManager.subscribe is answered with a subscription
// of the test push service; everything else is the browser's own: the service worker, the page
// script, the POST, the push event (delivered through the DevTools protocol,
// ServiceWorker.deliverPushMessage) and showNotification.
import test from 'ava';
import { ADMIN_PASSWORD } from '../../helpers/gateway.js';
import { launchChromium } from '../../helpers/chromium.js';
import { pushFixture, SUBJECT } from './fixture.js';

test('the console subscribes this browser and its service worker shows the push', async (t) => {
  t.timeout(120_000);
  const browser = await launchChromium();
  if (!browser) return t.pass('Chromium is not installed (scripts/test-peers.sh)');
  const f = await pushFixture();
  t.teardown(async () => {
    await browser.close();
    await f.dispose();
  });
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  const sub = f.service.subscribe();
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: f.gw.url });
  // Plain script text: it runs in the page, where the test's TypeScript helpers do not exist.
  await context.addInitScript({
    content: `(() => {
      const s = ${JSON.stringify(sub)};
      window.__pushKey = null;
      PushManager.prototype.subscribe = function (options) {
        const key = options && options.applicationServerKey;
        window.__pushKey = key instanceof Uint8Array ? btoa(String.fromCharCode(...key)) : null;
        return Promise.resolve({ toJSON: () => ({ endpoint: s.endpoint, keys: s.keys }) });
      };
    })();`,
  });
  const page = await context.newPage();
  await page.goto(`${f.gw.url}/console/notifications`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/notifications$/);
  await page.click('#push-enable');
  await page.waitForSelector('#push-status[data-state]');
  t.is(
    await page.getAttribute('#push-status', 'data-state'),
    'subscribed',
    (await page.textContent('#push-status')) ?? '',
  );
  const { publicKey } = await f.gw.push.vapidKeys();
  const passed = (await page.evaluate('window.__pushKey')) as string | null;
  t.is(
    Buffer.from(passed ?? '', 'base64').toString('base64url'),
    publicKey,
    'subscribed with the VAPID key',
  );
  const admin = await f.gw.store.users.findByUserName('admin');
  if (!admin) return t.fail('no admin');
  const devices = await f.gw.push.push.subscriptions.listForUser(admin.id);
  t.deepEqual(
    devices.map((d) => d.endpoint),
    [sub.endpoint],
  );

  await f.gw.push.notifier.notify(admin.id, {
    kind: 'reminder',
    title: 'Event: Board meeting',
    body: 'Starts 2030-01-07 10:00 UTC',
    recordId: 5,
    expiresAt: new Date(f.clock.now.getTime() + 1800_000),
  });
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  const payload = f.service.received[0]?.payload ?? '';

  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
      const found = event.registrations.find(
        (r) => r.scopeURL.endsWith('/console/') && !r.isDeleted,
      );
      if (found) resolve(found.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: f.gw.url,
    registrationId: await registration,
    data: payload,
  });
  const shown = await page.evaluate(`(async () => {
    const reg = await navigator.serviceWorker.ready;
    for (let i = 0; i < 50; i++) {
      const list = await reg.getNotifications();
      if (list.length > 0) return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  })()`);
  t.deepEqual(shown, [
    { title: 'Event: Board meeting', body: 'Starts 2030-01-07 10:00 UTC', tag: 'reminder-5' },
  ]);
});

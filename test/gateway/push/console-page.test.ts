// The console Notifications page without a browser (gateway/push/README.md §6): a user's own
// preferences form, bad hours refused with the reason and nothing stored, the subscribe POST
// under the console's CSRF check, and removing one's own device only.
import test from 'ava';
import { ConsoleClient } from '../../helpers/console-client.js';
import { createBob } from '../../helpers/rest-fixture.js';
import { pushFixture } from './fixture.js';

test('preferences from the form; bad input refused; devices are one’s own', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const bobId = await createBob(f.gw.store);
  const bob = new ConsoleClient(f.gw.url);
  t.is((await bob.login('bob', 'bob-password-1')).status, 303);
  const pageRes = await bob.get('/console/notifications');
  t.is(pageRes.status, 200);
  const html = await pageRes.text();
  t.regex(html, /id="push-device" data-key="[A-Za-z0-9_-]{87}"/);
  t.regex(html, /<script src="\/console\/assets\/push.js" defer>/);
  const csrf = ConsoleClient.csrfOf(html);

  const saved = await bob.post('/console/notifications/preferences', {
    _csrf: csrf,
    kind_reminder: '1',
    kind_security: '1',
    schedule: 'hours',
    day_1: '1',
    day_3: '1',
    schedule_from: '09:00',
    schedule_to: '17:30',
    quiet: '1',
    quiet_from: '12:00',
    quiet_to: '13:00',
    idle: '30',
  });
  t.is(saved.status, 303);
  t.deepEqual(await f.gw.push.push.preferences.get(bobId), {
    kinds: {
      reminder: true,
      assigned: false,
      ticket: false,
      whatsapp: false,
      failure: false,
      security: true,
    },
    schedule: { from: '09:00', to: '17:30', days: [1, 3] },
    quiet: { from: '12:00', to: '13:00' },
    idleMinutes: 30,
  });
  const bad = await bob.post('/console/notifications/preferences', {
    _csrf: csrf,
    schedule: 'hours',
    schedule_from: '25:00',
    schedule_to: '17:00',
    idle: '30',
  });
  t.is(bad.status, 303);
  t.is((await f.gw.push.push.preferences.get(bobId)).idleMinutes, 30, 'nothing stored');
  t.regex(await (await bob.get('/console/notifications')).text(), /HH:MM/);

  const sub = f.service.subscribe();
  const fields = { endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth };
  t.is(
    (await bob.post('/console/notifications/subscribe', { ...fields, _csrf: 'forged' })).status,
    403,
  );
  const ok = await bob.post('/console/notifications/subscribe', { ...fields, _csrf: csrf });
  t.is(ok.status, 200);
  const { id } = (await ok.json()) as { id: number };
  const admin = new ConsoleClient(f.gw.url);
  t.is((await admin.login('admin', 'admin-password-1')).status, 303);
  const adminCsrf = await admin.csrf('/console/notifications');
  await admin.post(`/console/notifications/devices/${id}/remove`, { _csrf: adminCsrf });
  t.is(
    (await f.gw.push.push.subscriptions.listForUser(bobId)).length,
    1,
    'not the admin’s to remove',
  );
  await bob.post(`/console/notifications/devices/${id}/remove`, { _csrf: csrf });
  t.deepEqual(await f.gw.push.push.subscriptions.listForUser(bobId), []);
});

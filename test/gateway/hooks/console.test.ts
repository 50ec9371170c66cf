// The console's REST hooks page (gateway/hooks/README.md §4): a user adds and sees their own
// subscriptions (the secret shown once), an admin sees everyone's, dead letters are redelivered.
import test from 'ava';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { createBob } from '../../helpers/rest-fixture.js';

test('users manage their own hooks, admins all, and dead letters are redelivered', async (t) => {
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  await createBob(gw.store);
  const bob = new ConsoleClient(gw.url);
  t.is((await bob.login('bob', 'bob-password-1')).status, 303);
  const added = await bob.post('/console/hooks', {
    _csrf: await bob.csrf('/console/hooks'),
    target_url: 'https://example.com/bob',
    event: 'updated',
    module: 'Contacts',
    filter: "lastname = 'x'",
  });
  t.is(added.status, 200);
  const shown = await added.text();
  t.regex(shown, /signing secret, shown only now: <code>whsec_/);
  const bad = await bob.post('/console/hooks', {
    _csrf: await bob.csrf('/console/hooks'),
    target_url: 'https://example.com/bob',
    event: 'updated',
    module: 'Contacts',
    filter: 'nofield = 1',
  });
  t.is(bad.status, 303);
  t.is((await gw.hooks.subscriptions.list()).length, 1, 'a bad filter stored nothing');

  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  await admin.post('/console/hooks', {
    _csrf: await admin.csrf('/console/hooks'),
    target_url: 'https://example.com/admin',
    event: 'created',
    module: 'Accounts',
  });
  const bobPage = await (await bob.get('/console/hooks')).text();
  t.true(bobPage.includes('https://example.com/bob'));
  t.false(bobPage.includes('https://example.com/admin'));
  t.false(bobPage.includes('whsec_'), 'the secret is not shown again');
  const adminPage = await (await admin.get('/console/hooks')).text();
  t.true(
    adminPage.includes('https://example.com/bob') &&
      adminPage.includes('https://example.com/admin'),
  );

  const [bobSub] = (await gw.hooks.subscriptions.list()).filter((s) => s.module === 'Contacts');
  if (!bobSub) return t.fail();
  const at = (await gw.hooks.outbox.position()) ?? 0;
  await gw.hooks.outbox.append(at, at, [
    {
      seq: 1,
      variant: 0,
      module: 'Contacts',
      recordId: 1,
      event: 'updated',
      occurredAt: '2026-01-01 00:00:00.000',
      payload: '{}',
      subscriptionIds: [bobSub.id],
    },
  ]);
  await gw.hooks.outbox.bury(bobSub.id, 'target down');
  const [letter] = await gw.hooks.outbox.list({ status: 'dead' });
  if (!letter) return t.fail();
  t.true((await (await bob.get('/console/hooks')).text()).includes('target down'));
  const again = await bob.post(`/console/hooks/dead-letters/${letter.id}/redeliver`, {
    _csrf: await bob.csrf('/console/hooks'),
  });
  t.is(again.status, 303);
  t.is((await gw.hooks.outbox.get(letter.id))?.status, 'pending');

  const [adminSub] = (await gw.hooks.subscriptions.list()).filter((s) => s.module === 'Accounts');
  const refused = await bob.post(`/console/hooks/${adminSub?.id}/delete`, {
    _csrf: await bob.csrf('/console/hooks'),
  });
  t.not(refused.status, 303);
  t.truthy(await gw.hooks.subscriptions.get(adminSub?.id ?? 0));
  t.is(
    (
      await bob.post(`/console/hooks/${bobSub.id}/delete`, {
        _csrf: await bob.csrf('/console/hooks'),
      })
    ).status,
    303,
  );
  t.is(await gw.hooks.subscriptions.get(bobSub.id), null);
});

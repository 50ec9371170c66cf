// The Web Push REST endpoints and an end-to-end push (gateway/push/README.md §2, §3): the VAPID
// key is generated once, subscriptions are each user's own, bad input changes nothing, and a
// push arrives encrypted (aes128gcm) with a valid VAPID token at a push service that checks both.
import test from 'ava';
import { createBob, BOB_ACCESS_KEY } from '../../helpers/rest-fixture.js';
import { basic, pushFixture, SUBJECT } from './fixture.js';

test('the VAPID public key is a P-256 point, generated once', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const first = (await (await f.call('GET', '/restapi/v1/push/vapid-public-key')).json()) as {
    publicKey: string;
  };
  const again = (await (await f.call('GET', '/restapi/v1/push/vapid-public-key')).json()) as {
    publicKey: string;
  };
  const point = Buffer.from(first.publicKey, 'base64url');
  t.is(point.length, 65);
  t.is(point[0], 4);
  t.is(again.publicKey, first.publicKey);
  const raw = await f.gw.store.db.knex('settings').where({ key: 'push.vapid' }).first<{
    value: string;
  }>('value');
  t.truthy(raw);
  // The private key is sealed at rest (store/secrets.ts), never stored in clear.
  t.regex(String(raw?.value), /"privateKey":"v1:/);
});

test('subscriptions are the caller’s own; bad input is refused and stores nothing', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const sub = f.service.subscribe();
  t.is((await f.call('POST', '/restapi/v1/push/subscriptions', sub, 'Basic eDp5')).status, 401);
  const bad = [
    'not json',
    { endpoint: 'ftp://x/y', keys: sub.keys },
    { endpoint: sub.endpoint, keys: { p256dh: sub.keys.p256dh, auth: 'c2hvcnQ' } },
    { endpoint: sub.endpoint, keys: { p256dh: 'AAAA', auth: sub.keys.auth } },
    { endpoint: 'http://push.example.org/x', keys: sub.keys },
  ];
  for (const body of bad) {
    const res = await f.call('POST', '/restapi/v1/push/subscriptions', body);
    t.is(res.status, 400, JSON.stringify(body));
    t.regex(((await res.json()) as { message: string }).message, /push subscription|JSON/);
  }
  t.is((await f.gw.store.db.knex('push_subscriptions').count({ n: '*' }))[0]?.n, 0);

  const created = await f.call('POST', '/restapi/v1/push/subscriptions', sub);
  t.is(created.status, 201);
  const { id } = (await created.json()) as { id: number };
  const row = await f.gw.store.db.knex('push_subscriptions').where({ id }).first<{
    sealed: string;
  }>('sealed');
  t.false(String(row?.sealed).includes(sub.keys.auth), 'the subscription is sealed');
  // The same browser subscribing again keeps one row.
  const again = (await (await f.call('POST', '/restapi/v1/push/subscriptions', sub)).json()) as {
    id: number;
  };
  t.is(again.id, id);

  await createBob(f.gw.store);
  const bob = basic('bob', BOB_ACCESS_KEY);
  const bobList = (await (
    await f.call('GET', '/restapi/v1/push/subscriptions', undefined, bob)
  ).json()) as {
    subscriptions: unknown[];
  };
  t.deepEqual(bobList.subscriptions, []);
  t.is(
    (await f.call('DELETE', `/restapi/v1/push/subscriptions/${id}`, undefined, bob)).status,
    404,
  );
  const list = (await (await f.call('GET', '/restapi/v1/push/subscriptions')).json()) as {
    subscriptions: { id: number; pushService: string }[];
  };
  t.deepEqual(
    list.subscriptions.map((s) => [s.id, s.pushService]),
    [[id, f.service.url]],
  );
  t.is((await f.call('DELETE', `/restapi/v1/push/subscriptions/${id}`)).status, 204);
  t.is((await f.call('DELETE', `/restapi/v1/push/subscriptions/${id}`)).status, 404);
});

test('preferences are validated and kept per user', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const bad = await f.call('PUT', '/restapi/v1/push/preferences', { idleMinutes: 7 });
  t.is(bad.status, 400);
  t.regex(((await bad.json()) as { message: string }).message, /idleMinutes must be one of/);
  const prefs = {
    kinds: { ticket: false },
    schedule: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' },
    quiet: { from: '12:00', to: '13:00' },
    idleMinutes: 10,
  };
  t.is((await f.call('PUT', '/restapi/v1/push/preferences', prefs)).status, 200);
  const stored = (await (await f.call('GET', '/restapi/v1/push/preferences')).json()) as {
    kinds: Record<string, boolean>;
    idleMinutes: number;
  };
  t.false(stored.kinds.ticket);
  t.true(stored.kinds.reminder);
  t.is(stored.idleMinutes, 10);
});

test('nothing is pushed before the VAPID subject is set; then the push arrives encrypted and signed', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const sub = f.service.subscribe();
  t.is((await f.call('POST', '/restapi/v1/push/subscriptions', sub)).status, 201);
  const admin = await f.gw.store.users.findByUserName('admin');
  if (!admin) return t.fail('no admin');
  await f.gw.push.notifier.notify(admin.id, {
    kind: 'assigned',
    title: 'Contact assigned to you',
    body: 'Ada Lovelace',
    recordId: 42,
    expiresAt: new Date(f.clock.now.getTime() + 3600_000),
  });
  await t.throwsAsync(() => f.gw.push.sendNow(), { message: /VAPID subject/ });
  t.is(f.service.received.length, 0);
  await t.throwsAsync(() => f.gw.push.push.vapid.setSubject('https://localhost/'), {
    message: /localhost/,
  });
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  const report = await f.gw.push.sendNow();
  t.like(report, { sent: 1 });
  t.deepEqual(f.service.rejected, []);
  const [got] = f.service.received;
  if (!got) return t.fail('nothing received');
  t.like(JSON.parse(got.payload), {
    title: 'Contact assigned to you',
    body: 'Ada Lovelace',
    kind: 'assigned',
  });
  t.is(got.claims.aud, f.service.url);
  t.is(got.claims.sub, SUBJECT);
  t.is(got.headers.topic, 'assigned-42');
  t.is(got.headers.urgency, 'normal');
  t.is(got.headers.ttl, '3600');
  t.deepEqual(await f.gw.push.push.outbox.all(), []);
});

test('the send job waits without failing until the subject is set, then drains the queue', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  t.is((await f.call('POST', '/restapi/v1/push/subscriptions', f.service.subscribe())).status, 201);
  const admin = await f.gw.store.users.findByUserName('admin');
  if (!admin) return t.fail('no admin');
  await f.gw.push.notifier.notify(admin.id, {
    kind: 'assigned',
    title: 'Waiting',
    body: '',
    expiresAt: new Date(f.clock.now.getTime() + 3600_000),
  });
  for (let i = 0; i < 6; i++) {
    await f.gw.store.jobs.runNow('push.send');
    await f.gw.worker.runOnce();
  }
  t.like(await f.gw.store.jobs.get('push.send'), { status: 'ok', lastError: null });
  t.is(f.service.received.length, 0);
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  await f.gw.store.jobs.runNow('push.send');
  await f.gw.worker.runOnce();
  t.is(f.service.received.length, 1);
});

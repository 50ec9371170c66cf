// What the sender does with each answer of the push service (gateway/push/README.md §3, RFC 8030
// §5–§7): 410 removes the subscription, 429 retries after Retry-After, 5xx backs off, 413 shortens
// the payload, and a newer push with the same topic replaces a queued one. A controlled clock.
import test from 'ava';
import { pushFixture, SUBJECT, type PushFixture } from './fixture.js';

async function subscribed(f: PushFixture): Promise<number> {
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  const res = await f.call('POST', '/restapi/v1/push/subscriptions', f.service.subscribe());
  const admin = await f.gw.store.users.findByUserName('admin');
  if (res.status !== 201 || !admin) throw new Error('set-up failed');
  return admin.id;
}

function notice(
  f: PushFixture,
  title: string,
  body = 'x',
): Parameters<PushFixture['gw']['push']['notifier']['notify']>[1] {
  return {
    kind: 'ticket',
    title,
    body,
    recordId: 7,
    expiresAt: new Date(f.clock.now.getTime() + 86_400_000),
  };
}

test('410 Gone removes the subscription and its queued pushes', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const userId = await subscribed(f);
  await f.gw.push.notifier.notify(userId, notice(f, 'New ticket'));
  f.service.answer(410);
  t.like(await f.gw.push.sendNow(), { gone: 1, sent: 0 });
  t.deepEqual(await f.gw.push.push.subscriptions.listForUser(userId), []);
  t.deepEqual(await f.gw.push.push.outbox.all(), []);
});

test('429 waits for Retry-After, 503 backs off, then the push goes', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const userId = await subscribed(f);
  await f.gw.push.notifier.notify(userId, notice(f, 'New ticket'));
  f.service.answer(429, 503);
  t.like(await f.gw.push.sendNow(), { retried: 1 });
  const [waiting] = await f.gw.push.push.outbox.all();
  t.is(waiting?.attempts, 1);
  t.is(waiting?.nextAttemptAt, '2030-01-07 09:00:07.000');
  t.like(await f.gw.push.sendNow(), { sent: 0, retried: 0 }, 'not due before Retry-After');
  f.clock.now = new Date('2030-01-07T09:00:07Z');
  t.like(await f.gw.push.sendNow(), { retried: 1 });
  const [backoff] = await f.gw.push.push.outbox.all();
  t.is(backoff?.attempts, 2);
  t.is(backoff?.nextAttemptAt, '2030-01-07 09:00:27.000');
  f.clock.now = new Date('2030-01-07T09:00:27Z');
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  t.is(f.service.received.length, 1);
});

test('413 shortens the payload to its title and sends again', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const userId = await subscribed(f);
  await f.gw.push.notifier.notify(userId, notice(f, 'Reply on ticket', 'y'.repeat(2500)));
  f.service.answer(413);
  t.like(await f.gw.push.sendNow(), { retried: 1 });
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  const [got] = f.service.received;
  t.like(JSON.parse(got?.payload ?? '{}'), { title: 'Reply on ticket', body: '' });
});

test('a newer push about the same record replaces the queued one (Topic)', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const userId = await subscribed(f);
  await f.gw.push.notifier.notify(userId, notice(f, 'Ticket v1'));
  await f.gw.push.notifier.notify(userId, notice(f, 'Ticket v2'));
  const queued = await f.gw.push.push.outbox.all();
  t.is(queued.length, 1);
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  t.is(JSON.parse(f.service.received[0]?.payload ?? '{}').title, 'Ticket v2');
  t.is(f.service.received[0]?.headers.topic, 'ticket-7');
});

test('a kind the user switched off is not queued', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const userId = await subscribed(f);
  t.is(
    (await f.call('PUT', '/restapi/v1/push/preferences', { kinds: { ticket: false } })).status,
    200,
  );
  t.is(await f.gw.push.notifier.notify(userId, notice(f, 'New ticket')), 0);
  t.deepEqual(await f.gw.push.push.outbox.all(), []);
});

test('an endpoint the outbound guard refuses removes the subscription', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  const sub = f.service.subscribe();
  const res = await f.call('POST', '/restapi/v1/push/subscriptions', {
    endpoint: 'https://10.0.0.1/push/1',
    keys: sub.keys,
  });
  t.is(res.status, 201);
  const admin = await f.gw.store.users.findByUserName('admin');
  if (!admin) return t.fail('no admin');
  await f.gw.push.notifier.notify(admin.id, notice(f, 'New ticket'));
  t.like(await f.gw.push.sendNow(), { gone: 1, sent: 0 });
  t.deepEqual(await f.gw.push.push.subscriptions.listForUser(admin.id), []);
  t.deepEqual(await f.gw.push.push.outbox.all(), []);
});

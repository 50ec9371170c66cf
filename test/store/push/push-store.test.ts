// The Web Push repositories on SQLite and PostgreSQL (gateway/push/README.md §1): VAPID keys
// generated once with the private key sealed, subscriptions sealed and per user, the outbox's
// Topic replacement, due reminders once per start, and activity stamps from every client.
import { createECDH, randomBytes } from 'node:crypto';
import { storeTest } from '../../helpers/databases.js';
import { createPushStore } from '../../../store/push/push-store.js';
import { SecretBox } from '../../../store/secrets.js';
import { nowUtc } from '../../../store/db.js';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const P256 = ecdh.getPublicKey().toString('base64url');
const AUTH = Buffer.alloc(16, 9).toString('base64url');
const keys = (n: number) => ({
  endpoint: `https://push.example.org/s/${n}`,
  p256dh: P256,
  auth: AUTH,
});

storeTest('VAPID keys are generated once, the private key sealed', async (t, { store }) => {
  const push = createPushStore(store.db.knex, new SecretBox(randomBytes(32)));
  let made = 0;
  const gen = () => {
    made++;
    return { publicKey: `pub${made}`, privateKey: `secret${made}` };
  };
  const first = await push.vapid.keys(gen);
  const again = await push.vapid.keys(gen);
  t.deepEqual(again, first);
  t.is(made, 1);
  const raw = await store.db
    .knex('settings')
    .where({ key: 'push.vapid' })
    .first<{ value: string }>('value');
  t.false(String(raw?.value).includes('secret1'));
  await t.throwsAsync(() => push.vapid.setSubject('mailto:root@localhost'), {
    message: /localhost/,
  });
  await t.throwsAsync(() => push.vapid.setSubject('http://crm.example.org'), { message: /mailto/ });
  t.is(await push.vapid.subject(), null);
  t.is(await push.vapid.setSubject('https://crm.example.org/'), 'https://crm.example.org/');
});

storeTest(
  'subscriptions are sealed, per user, and a re-subscribed browser moves',
  async (t, { store, admin }) => {
    const push = createPushStore(store.db.knex, new SecretBox(randomBytes(32)));
    const bob = await store.users.create({ userName: 'bob', password: 'bob-password-1' });
    const id = await push.subscriptions.add(admin.userId, keys(1));
    t.is(await push.subscriptions.add(admin.userId, keys(1)), id);
    const raw = await store.db.knex('push_subscriptions').first<{ sealed: string }>('sealed');
    t.false(String(raw?.sealed).includes('push.example.org'));
    t.deepEqual((await push.subscriptions.keys(id))?.endpoint, keys(1).endpoint);
    await push.outbox.enqueue(
      {
        userId: admin.userId,
        kind: 'assigned',
        topic: 't1',
        urgency: 'normal',
        payload: '{}',
        expiresAt: nowUtc(new Date(Date.now() + 60_000)),
      },
      new Date(),
    );
    t.is((await push.outbox.all()).length, 1);
    t.is(await push.subscriptions.add(bob.id, keys(1)), id);
    t.deepEqual(await push.subscriptions.listForUser(admin.userId), []);
    t.is(
      (await push.outbox.all()).length,
      0,
      'the other user’s queued pushes do not follow the device',
    );
    t.false(await push.subscriptions.removeOwn(admin.userId, id));
    t.true(await push.subscriptions.removeOwn(bob.id, id));
  },
);

storeTest(
  'the outbox replaces a queued push with the same topic, per device',
  async (t, { store, admin }) => {
    const push = createPushStore(store.db.knex, null);
    await push.subscriptions.add(admin.userId, keys(1));
    await push.subscriptions.add(admin.userId, keys(2));
    const at = new Date('2030-01-07T09:00:00Z');
    const msg = (payload: string, topic: string | null) => ({
      userId: admin.userId,
      kind: 'ticket' as const,
      topic,
      urgency: 'normal' as const,
      payload,
      expiresAt: '2030-01-08 09:00:00.000',
    });
    t.is(await push.outbox.enqueue(msg('a', 'r1'), at), 2);
    await push.outbox.enqueue(msg('b', 'r1'), at);
    await push.outbox.enqueue(msg('c', null), at);
    await push.outbox.enqueue(msg('d', null), at);
    const queued = await push.outbox.all();
    t.deepEqual(queued.map((m) => m.payload).sort(), ['b', 'b', 'c', 'c', 'd', 'd']);
    t.is((await push.outbox.due(new Date('2030-01-07T08:59:59Z'), 10)).length, 0);
    t.is((await push.outbox.due(at, 10)).length, 6);
  },
);

storeTest('due reminders: Events and Tasks, once per start', async (t, { store, admin }) => {
  const push = createPushStore(store.db.knex, null);
  const event = await store.records.create(admin, 'Events', {
    values: {
      subject: 'Board',
      date_start: '2030-01-07',
      time_start: '10:00:00',
      due_date: '2030-01-07',
      time_end: '11:00:00',
      reminder_time: '30',
    },
  });
  await store.records.create(admin, 'Calendar', {
    values: { subject: 'No reminder', date_start: '2030-01-07', time_start: '10:00:00' },
  });
  t.deepEqual(await push.reminders.due(new Date('2030-01-07T09:29:00Z')), []);
  const due = await push.reminders.due(new Date('2030-01-07T09:30:00Z'));
  t.deepEqual(
    due.map((r) => [r.recordId, r.module, r.startsAt]),
    [[event.id, 'Events', '2030-01-07 10:00:00.000']],
  );
  t.true(await push.reminders.markSent(event.id, '2030-01-07 10:00:00.000'));
  t.false(await push.reminders.markSent(event.id, '2030-01-07 10:00:00.000'));
  t.deepEqual(await push.reminders.due(new Date('2030-01-07T09:45:00Z')), []);
  t.deepEqual(
    await push.reminders.due(new Date('2030-01-07T10:00:00Z')),
    [],
    'not after the start',
  );
});

storeTest('activity: the latest stamp of any client', async (t, { store, admin }) => {
  const push = createPushStore(store.db.knex, null);
  t.is(await push.activity.lastActive(admin.userId), null);
  await push.activity.touch(admin.userId, new Date('2030-01-07T09:00:00Z'));
  await push.activity.touch(admin.userId, new Date('2030-01-07T09:00:30Z'));
  t.is(
    await push.activity.lastActive(admin.userId),
    Date.parse('2030-01-07T09:00:00Z'),
    'at most once a minute',
  );
  await store.db.knex('webservice_sessions').insert({
    name_hash: 'a'.repeat(64),
    user_id: admin.userId,
    created_at: '2030-01-07 09:05:00.000',
    last_seen_at: '2030-01-07 09:05:00.000',
  });
  t.is(await push.activity.lastActive(admin.userId), Date.parse('2030-01-07T09:05:00Z'));
});

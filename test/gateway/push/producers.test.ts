// What is pushed (gateway/push/README.md §5): a record assigned to a user by someone else, a new
// ticket and a reply on it, failing exchanges and jobs to admins, and a lockout of the user's
// account as an urgent security notice. Nobody is told about their own change.
import test from 'ava';
import { adminClient, BOB_ACCESS_KEY, createBob } from '../../helpers/rest-fixture.js';
import { basic, pushFixture, SUBJECT, type PushFixture } from './fixture.js';

async function bobSubscribed(f: PushFixture): Promise<number> {
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  const bobId = await createBob(f.gw.store);
  const res = await f.call(
    'POST',
    '/restapi/v1/push/subscriptions',
    f.service.subscribe(),
    basic('bob', BOB_ACCESS_KEY),
  );
  if (res.status !== 201) throw new Error(`subscribe: ${res.status}`);
  return bobId;
}

function titles(f: PushFixture): string[] {
  return f.service.received.map((r) => String((JSON.parse(r.payload) as { title: string }).title));
}

test('assignments, new tickets and replies reach the owner, not the author', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  const bobId = await bobSubscribed(f);
  const ws = await adminClient(f.gw);
  t.is(await f.gw.push.queueChanges(), 0, 'the first run starts at the newest change');
  const forBob = { assigned_user_id: `19x${bobId}` };
  const contact = await ws.doCreate('Contacts', { lastname: 'Lovelace', ...forBob });
  const own = await ws.doCreate('Contacts', { lastname: 'Mine' });
  if (!contact || !own) return t.fail(JSON.stringify(ws.lastError));
  await ws.doRevise({ id: String(contact.id), firstname: 'Ada' });
  await ws.doRevise({ id: String(own.id), ...forBob });
  const ticket = await ws.doCreate('HelpDesk', {
    ticket_title: 'Printer on fire',
    ticketstatus: 'Open',
    ...forBob,
  });
  if (!ticket) return t.fail(JSON.stringify(ws.lastError));
  t.is(await f.gw.push.queueChanges(), 5);
  t.like(await f.gw.push.sendNow(), { sent: 3 });
  const comment = await ws.doCreate('ModComments', {
    commentcontent: 'Extinguisher is on its way',
    related_to: String(ticket.id),
  });
  if (!comment) return t.fail(JSON.stringify(ws.lastError));
  t.is(await f.gw.push.queueChanges(), 1);
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  t.deepEqual(titles(f), [
    'Contact assigned to you',
    'Contact assigned to you',
    'New ticket: Printer on fire',
    'Reply on ticket: Printer on fire',
  ]);
  t.is(await f.gw.push.queueChanges(), 0);
});

test('a failing exchange and a failed job reach the admins', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  t.is((await f.call('POST', '/restapi/v1/push/subscriptions', f.service.subscribe())).status, 201);
  const old = await f.gw.store.exchangeLog.start('caldav', 'outbound', 'before');
  await f.gw.store.exchangeLog.finish(old, 'error', {}, 'old failure');
  t.is(await f.gw.push.queueFailures(), 0, 'the first look starts from now');
  const ok = await f.gw.store.exchangeLog.start('caldav', 'outbound', 'fine');
  await f.gw.store.exchangeLog.finish(ok, 'ok');
  const bad = await f.gw.store.exchangeLog.start('commerceml', 'inbound', 'shop');
  await f.gw.store.exchangeLog.finish(bad, 'error', {}, 'import.xml is not well-formed');
  await f.gw.store.db
    .knex('jobs')
    .where({ name: 'push.send' })
    .update({ status: 'failed', last_finished_at: '2030-01-07 09:00:00.000', last_error: 'boom' });
  t.is(await f.gw.push.queueFailures(), 2);
  t.is(await f.gw.push.queueFailures(), 0);
  t.like(await f.gw.push.sendNow(), { sent: 2 });
  t.like(JSON.parse(f.service.received[1]?.payload ?? '{}'), {
    title: 'Job push.send failed',
    body: 'boom',
  });
  t.like(JSON.parse(f.service.received[0]?.payload ?? '{}'), {
    title: 'commerceml (shop) exchange failed',
    body: 'import.xml is not well-formed',
    kind: 'failure',
    url: '/console/exchange',
  });
});

test('a lockout of the user’s account is pushed at once, as urgent, even in quiet hours', async (t) => {
  const f = await pushFixture(new Date('2030-01-07T23:00:00Z'), {
    GATEWAY_LOGIN_MAX_FAILURES: '3',
    GATEWAY_LOGIN_DELAY_MS: '0',
  });
  t.teardown(() => f.dispose());
  await bobSubscribed(f);
  const quiet = { quiet: { from: '22:00', to: '07:00' } };
  const bob = basic('bob', BOB_ACCESS_KEY);
  t.is((await f.call('PUT', '/restapi/v1/push/preferences', quiet, bob)).status, 200);
  for (let i = 0; i < 3; i++)
    t.is(
      (await f.call('GET', '/restapi/v1/push/subscriptions', undefined, basic('bob', 'wrong')))
        .status,
      401,
    );
  // The notice is queued beside the login answer; wait for it, boundedly.
  for (let i = 0; i < 50 && (await f.gw.push.push.outbox.all()).length === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  const [got] = f.service.received;
  t.is(got?.headers.urgency, 'high');
  t.like(JSON.parse(got?.payload ?? '{}'), {
    kind: 'security',
    title: 'Your account was locked after failed logins',
  });
});

test('changes of records their author owns are passed over without reading the records', async (t) => {
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  await bobSubscribed(f);
  const ws = await adminClient(f.gw);
  t.is(await f.gw.push.queueChanges(), 0);
  for (let i = 0; i < 5; i++) {
    const own = await ws.doCreate('Contacts', { lastname: `Mine ${i}` });
    if (!own) return t.fail(JSON.stringify(ws.lastError));
    await ws.doRevise({ id: String(own.id), firstname: 'Ada' });
  }
  const reads: string[] = [];
  const log = (q: { sql: string }): void => {
    if (/crm_entities|change_log/.test(q.sql) && /^select/i.test(q.sql)) reads.push(q.sql);
  };
  f.gw.store.db.knex.on('query', log);
  try {
    t.is(await f.gw.push.queueChanges(), 10);
  } finally {
    f.gw.store.db.knex.off('query', log);
  }
  // One read of the change log itself; no record facts, no earlier owners.
  t.is(reads.length, 1, reads.join('\n'));
  t.like(await f.gw.push.sendNow(), { sent: 0 });
});

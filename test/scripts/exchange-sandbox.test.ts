// The Exchange sandbox (scripts/exchange-sandbox/) against the official Microsoft Graph SDK
// (@microsoft/msgraph-sdk): a scripted session — sign-in, create an event, a delta round, a To Do
// task, a contact, getSchedule — with every body the SDK sends and every answer the sandbox gives
// checked against Microsoft's schema (test/helpers/graph-oracle.ts). Then the sandbox's own rules:
// transactionId dedupe, If-Match/412, 410 for an expired delta token, throttling, subscriptions.
import test from 'ava';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGraphServiceClient, GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import '@microsoft/msgraph-sdk-users';
import type { AuthenticationProvider, RequestInformation } from '@microsoft/kiota-abstractions';
import { ExchangeSandbox } from '../../scripts/exchange-sandbox/server.js';
import { readFileSync } from 'node:fs';
import { checkGraph, checkTraffic, oracleAvailable } from '../helpers/graph-oracle.js';
import { requirePeer } from '../helpers/peers.js';

const MAILBOX = 'adele@contoso.example';

async function sandboxWithApp(): Promise<{ sandbox: ExchangeSandbox; url: string }> {
  const sandbox = new ExchangeSandbox();
  sandbox.addApp({ tenantId: 't1', clientId: 'c1', clientSecret: 's1' });
  sandbox.addMailbox(MAILBOX, 'Adele Vance');
  sandbox.addMailbox('megan@contoso.example', 'Megan Bowen');
  return { sandbox, url: await sandbox.start() };
}

async function appToken(url: string): Promise<string> {
  const res = await fetch(`${url}/t1/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'c1',
      client_secret: 's1',
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

test('the official Graph SDK runs a session against the sandbox, all of it schema-valid', async (t) => {
  t.timeout(60_000);
  if (!requirePeer('python3-jsonschema', oracleAvailable(), t)) return;
  const { sandbox, url } = await sandboxWithApp();
  t.teardown(() => sandbox.stop());
  const token = await appToken(url);
  const auth: AuthenticationProvider = {
    authenticateRequest: (request: RequestInformation) => {
      request.headers.tryAdd('Authorization', `Bearer ${token}`);
      request.headers.tryAdd('Prefer', 'IdType="ImmutableId"');
      return Promise.resolve();
    },
  };
  const adapter = new GraphRequestAdapter(auth);
  adapter.baseUrl = `${url}/v1.0`;
  const graph = createGraphServiceClient(adapter);
  const me = graph.users.byUserId(MAILBOX);

  const created = await me.events.post({
    subject: 'Quarterly review',
    body: { contentType: 'text', content: 'Figures' },
    start: { dateTime: '2030-03-29T09:00:00', timeZone: 'W. Europe Standard Time' },
    end: { dateTime: '2030-03-29T10:00:00', timeZone: 'W. Europe Standard Time' },
    location: { displayName: 'Room 1' },
    transactionId: 'crm-1@gateway',
  });
  t.truthy(created?.id);
  t.is(created?.subject, 'Quarterly review');

  const first = await me.calendarView.delta.get({
    queryParameters: { startDateTime: '2030-01-01T00:00:00Z', endDateTime: '2031-01-01T00:00:00Z' },
  });
  t.deepEqual(
    first?.value?.map((e) => e.id),
    [created?.id],
  );
  const deltaLink = first?.odataDeltaLink;
  t.truthy(deltaLink, 'the last page carries a delta link');

  const list = await me.todo.lists.post({ displayName: 'CRM' });
  const task = await me.todo.lists.byTodoTaskListId(list?.id ?? '').tasks.post({
    title: 'Call back',
    dueDateTime: { dateTime: '2030-03-30T00:00:00', timeZone: 'UTC' },
    importance: 'high',
  });
  t.is(task?.title, 'Call back');

  const folder = await me.contactFolders.post({ displayName: 'CRM' });
  const contact = await me.contactFolders.byContactFolderId(folder?.id ?? '').contacts.post({
    givenName: 'Kim',
    surname: 'Lee',
    emailAddresses: [{ address: 'kim@example.com', name: 'Kim Lee' }],
  });
  t.is(contact?.surname, 'Lee');

  const schedule = await me.calendar.getSchedule.post({
    schedules: [MAILBOX, 'megan@contoso.example'],
    startTime: { dateTime: '2030-03-29T00:00:00', timeZone: 'UTC' },
    endTime: { dateTime: '2030-03-30T00:00:00', timeZone: 'UTC' },
    availabilityViewInterval: 60,
  });
  const adele = schedule?.value?.[0];
  t.is(adele?.scheduleItems?.length, 1);
  // 09:00 in Berlin on 2030-03-29 is still winter time (CET, UTC+1; the switch is on the 31st): 08:00 UTC.
  t.is(adele?.availabilityView?.slice(7, 10), '020');

  t.is(checkTraffic(sandbox), '', 'every request body and every answer fits the Graph schema');
  t.true(sandbox.requests.length >= 6);
});

async function call(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> | null; headers: Headers }> {
  const res = await fetch(path.startsWith('http') ? path : `${url}/v1.0${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      prefer: 'IdType="ImmutableId"',
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>),
    headers: res.headers,
  };
}

const EVENT = {
  subject: 'S',
  start: { dateTime: '2030-05-01T09:00:00', timeZone: 'UTC' },
  end: { dateTime: '2030-05-01T10:00:00', timeZone: 'UTC' },
};

test('transactionId dedupes creates, If-Match guards writes, expired delta tokens answer 410', async (t) => {
  t.timeout(30_000);
  const { sandbox, url } = await sandboxWithApp();
  t.teardown(() => sandbox.stop());
  const token = await appToken(url);
  const events = `/users/${MAILBOX}/events`;
  const a = await call(url, token, 'POST', events, { ...EVENT, transactionId: 'tx-1' });
  const b = await call(url, token, 'POST', events, { ...EVENT, transactionId: 'tx-1' });
  t.is(a.status, 201);
  t.is(
    b.body?.['id'],
    a.body?.['id'],
    'a retried create with the same transactionId is the same event',
  );
  t.is(sandbox.mailbox(MAILBOX)?.ofKind('event').length, 1);

  const id = String(a.body?.['id']);
  const stale = await call(
    url,
    token,
    'PATCH',
    `${events}/${id}`,
    { subject: 'T' },
    { 'if-match': 'W/"old"' },
  );
  t.is(stale.status, 412);
  const fresh = await call(
    url,
    token,
    'PATCH',
    `${events}/${id}`,
    { subject: 'T' },
    { 'if-match': String(a.body?.['@odata.etag']) },
  );
  t.is(fresh.status, 200);
  t.is(fresh.body?.['subject'], 'T');

  const window = '?startDateTime=2030-01-01T00:00:00Z&endDateTime=2031-01-01T00:00:00Z';
  const round = await call(url, token, 'GET', `/users/${MAILBOX}/calendarView/delta${window}`);
  const link = String(round.body?.['@odata.deltaLink']);
  await call(url, token, 'DELETE', `${events}/${id}`);
  const next = await call(url, token, 'GET', link);
  t.deepEqual(next.body?.['value'], [{ id, '@removed': { reason: 'deleted' } }]);
  sandbox.tokens.expire();
  const gone = await call(url, token, 'GET', link);
  t.is(gone.status, 410);
  t.like(gone.body?.['error'], { code: 'syncStateNotFound' });

  sandbox.faults.add({ kind: '429', retryAfterS: 3 });
  const throttled = await call(url, token, 'GET', events);
  t.is(throttled.status, 429);
  t.is(throttled.headers.get('retry-after'), '3');
  t.is((await call(url, token, 'GET', events)).status, 200);

  const revoked = await call(url, 'nope', 'GET', events);
  t.is(revoked.status, 401);
  t.is((await call(url, token, 'GET', '/users/nobody@contoso.example/events')).status, 404);
});

test('subscriptions need the validation echo; changes then notify with the clientState', async (t) => {
  t.timeout(30_000);
  const { sandbox, url } = await sandboxWithApp();
  t.teardown(() => sandbox.stop());
  const token = await appToken(url);
  const received: unknown[] = [];
  let echo = true;
  const hook = createServer((req, res) => {
    const v = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      if (v !== null) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(echo ? v : 'wrong');
        return;
      }
      received.push(JSON.parse(text));
      res.writeHead(202);
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => hook.close(() => r())));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const sub = {
    changeType: 'created,updated,deleted',
    notificationUrl: hookUrl,
    resource: `/users/${MAILBOX}/events`,
    expirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
    clientState: 'secret-state',
  };
  echo = false;
  t.is(
    (await call(url, token, 'POST', '/subscriptions', sub)).status,
    400,
    'no echo, no subscription',
  );
  echo = true;
  const made = await call(url, token, 'POST', '/subscriptions', sub);
  t.is(made.status, 201);
  await call(url, token, 'POST', `/users/${MAILBOX}/events`, EVENT);
  for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  t.like((received[0] as { value: unknown[] }).value[0], {
    subscriptionId: made.body?.['id'],
    changeType: 'created',
    clientState: 'secret-state',
  });
});

test('the oracle accepts the samples of Microsoft and rejects broken ones', (t) => {
  t.timeout(60_000);
  if (!requirePeer('python3-jsonschema', oracleAvailable(), t)) return;
  const fixture = (name: string): unknown =>
    JSON.parse(
      readFileSync(new URL(`../fixtures/exchange-oracle/${name}`, import.meta.url), 'utf8'),
    );
  t.is(checkGraph('event', [fixture('delta-query-events.page1.event.json')], true), '');
  t.is(checkGraph('event', [fixture('sdk-create-event.request.json')], false), '');
  t.is(checkGraph('todoTask', [fixture('todotask-delta.task.json')], true), '');
  t.regex(checkGraph('event', [fixture('bad-event.json')], false), /INVALID/);
  t.regex(checkGraph('event', [{ subject: 'S', colour: 'red' }], false), /colour/);
});

// The faults users of Exchange sync tools report most, against the Exchange sandbox: a create whose
// answer was lost (no duplicate), a write that lost If-Match (412: re-read and merge, never a blind
// overwrite), a failed or empty read (nothing deleted), an expired delta token (a full round, no
// duplicates), throttling (waited out, at most 4 requests in flight per mailbox, nothing lost), a
// revoked consent (a clear status on the link), an item moved in Outlook (same immutable id, link
// kept), and an event the mailbox only attends (never written).
import test from 'ava';
import { GraphClient } from '../../../adapters/graph/client.js';
import { MailboxLimiter } from '../../../adapters/graph/limiter.js';
import { ClientCredentialsToken } from '../../../adapters/graph/token.js';
import { createHttpClient } from '../../../adapters/http.js';
import {
  crmEvent,
  crmEvents,
  exchangeWorld,
  MAILBOX,
  remoteEvent,
  remoteSubjects,
} from './fixture.js';

test('a create whose answer was lost after Exchange applied it is not duplicated', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  await crmEvent(w, 'Retried', '2027-03-01');
  w.sandbox.faults.add({ kind: 'drop-after-apply', method: 'POST', path: /\/events$/ });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.deepEqual(remoteSubjects(w), ['Retried'], 'one event in the mailbox');
  t.is(
    w.sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/calendar/events'))
      .length,
    2,
    'the create was sent twice',
  );
  const again = await w.bridge.syncNow(w.linkId);
  t.true(again.ok);
  t.deepEqual(remoteSubjects(w), ['Retried']);
});

test('a write that meets 412 re-reads and merges instead of overwriting the Outlook edit', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  const rec = await crmEvent(w, 'Shared', '2027-03-02');
  t.true((await w.bridge.syncNow(w.linkId)).ok);
  const item = w.box.ofKind('event')[0];
  if (!item) throw new Error('not pushed');
  await w.ts.store.records.update(
    w.ts.admin,
    'Events',
    rec.id,
    { values: { subject: 'Shared (CRM)' } },
    'revise',
  );
  // The Outlook edit comes later than the CRM's: it is the newer change.
  await new Promise((r) => setTimeout(r, 1100));
  w.box.update(item, { subject: 'Shared (Outlook)' });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.true(
    w.sandbox.requests.some((r) => r.method === 'PATCH') === false || run.counts.conflicts >= 1,
  );
  t.deepEqual(
    remoteSubjects(w),
    ['Shared (Outlook)'],
    'the newer Outlook edit was not overwritten',
  );
  t.is((await crmEvents(w))[0]?.values['subject'], 'Shared (Outlook)');
  t.is(run.counts.conflicts, 1, 'the loser went to the exchange log');
});

test('a failed or empty read deletes nothing; an expired delta token starts a full round without duplicates', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  remoteEvent(w, 'Kept A', '2027-04-01');
  remoteEvent(w, 'Kept B', '2027-04-02');
  await crmEvent(w, 'Kept C', '2027-04-03');
  t.true((await w.bridge.syncNow(w.linkId)).ok);
  const subjects = async (): Promise<string[]> =>
    (await crmEvents(w)).map((e) => String(e.values['subject']));
  t.deepEqual(await subjects(), ['Kept A', 'Kept B', 'Kept C']);

  w.sandbox.faults.add({ kind: '503', path: /calendarView\/delta/, retryAfterS: 120, times: 1 });
  const failed = await w.bridge.syncNow(w.linkId);
  t.false(failed.ok);
  t.deepEqual(await subjects(), ['Kept A', 'Kept B', 'Kept C'], 'a failed read deletes nothing');
  t.deepEqual(remoteSubjects(w), ['Kept A', 'Kept B', 'Kept C']);

  w.sandbox.faults.add({ kind: 'malformed', path: /calendarView\/delta/ });
  const malformed = await w.bridge.syncNow(w.linkId);
  t.false(malformed.ok);
  t.regex(malformed.error ?? '', /not JSON/);
  t.deepEqual(await subjects(), ['Kept A', 'Kept B', 'Kept C']);

  w.sandbox.tokens.expire();
  w.sandbox.faults.add({ kind: 'empty-page', path: /calendarView\/delta/ });
  const full = await w.bridge.syncNow(w.linkId);
  t.true(full.ok, full.error ?? '');
  t.deepEqual(
    await subjects(),
    ['Kept A', 'Kept B', 'Kept C'],
    'a full round after 410 duplicates nothing',
  );
  t.deepEqual(remoteSubjects(w), ['Kept A', 'Kept B', 'Kept C']);
  t.true(w.sandbox.answers.some((a) => a.status === 410));
});

test('throttling is waited out as Retry-After says, and nothing is lost', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  remoteEvent(w, 'Pulled', '2027-05-01');
  await crmEvent(w, 'Pushed', '2027-05-02');
  w.sandbox.faults.add({ kind: '429', retryAfterS: 1, times: 2 });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.deepEqual(remoteSubjects(w), ['Pulled', 'Pushed']);
  t.is((await crmEvents(w)).length, 2);

  // A long wait is not slept on: the link is deferred and the next run picks up.
  w.sandbox.faults.add({ kind: '429', retryAfterS: 60 });
  const deferred = await w.bridge.syncNow(w.linkId);
  t.false(deferred.ok);
  t.is(deferred.retryAfterMs, 60_000);
  t.true((await w.bridge.syncNow(w.linkId)).ok);
});

test('at most 4 requests are in flight per mailbox', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  w.sandbox.latencyMs = 100;
  const http = createHttpClient({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 5000,
    maxResponseBytes: 1 << 20,
    maxRedirects: 0,
    retries: 0,
    userAgent: 't',
  });
  const token = new ClientCredentialsToken(http, {
    loginUrl: w.url,
    graphUrl: w.url,
    tenantId: 'contoso',
    clientId: 'app-1',
    clientSecret: 'app-secret',
  });
  const client = new GraphClient(http, w.url, MAILBOX, token, new MailboxLimiter(4));
  await Promise.all(
    Array.from({ length: 12 }, () =>
      client.request({ method: 'GET', path: client.userPath('/calendar') }),
    ),
  );
  t.is(w.sandbox.peakInFlight.get(MAILBOX), 4);
});

test('a revoked consent leaves a clear status on the link and a retry later', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  t.true((await w.bridge.syncNow(w.linkId)).ok);
  const app = w.sandbox.apps[0];
  if (!app) throw new Error('no app');
  app.disabled = true;
  w.sandbox.revokeTokens();
  await crmEvent(w, 'Waiting', '2027-06-01');
  const run = await w.bridge.syncNow(w.linkId);
  t.false(run.ok);
  const link = await w.bridge.links.mustGet(w.linkId);
  t.regex(link.lastError ?? '', /disabled|sign-in refused/i);
  t.truthy(link.nextAttemptAt);
  app.disabled = false;
  const back = await w.bridge.syncNow(w.linkId);
  t.true(back.ok, back.error ?? '');
  t.deepEqual(remoteSubjects(w), ['Waiting'], 'nothing was lost while refused');
});

test('an item moved in Outlook keeps its link; an event the mailbox only attends is never written', async (t) => {
  t.timeout(60_000);
  const w = await exchangeWorld();
  t.teardown(() => w.dispose());
  const rec = await crmEvent(w, 'Mine', '2027-07-01');
  w.box.add('event', 'calendar', {
    subject: 'Their meeting',
    isOrganizer: false,
    organizer: { emailAddress: { name: 'Megan', address: 'megan@contoso.example' } },
    start: { dateTime: '2027-07-02T09:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2027-07-02T10:00:00.0000000', timeZone: 'UTC' },
  });
  t.true((await w.bridge.syncNow(w.linkId)).ok);
  const mine = w.box.ofKind('event').find((i) => i.data['subject'] === 'Mine');
  if (!mine) throw new Error('not pushed');
  w.box.move(mine, 'calendar');
  w.box.update(mine, { subject: 'Mine (moved)' });
  const theirs = (await crmEvents(w)).find((e) => e.values['subject'] === 'Their meeting');
  if (!theirs) throw new Error('not pulled');
  await w.ts.store.records.update(
    w.ts.admin,
    'Events',
    theirs.id,
    { values: { subject: 'Renamed in CRM' } },
    'revise',
  );
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.is(
    (await w.ts.store.records.get(w.ts.admin, 'Events', rec.id))?.values['subject'],
    'Mine (moved)',
  );
  t.is((await crmEvents(w)).length, 2, 'no duplicate after the move');
  t.true(remoteSubjects(w).includes('Their meeting'), "the organizer's meeting is left as it is");
  t.false(w.sandbox.requests.some((r) => r.method === 'PATCH' || r.method === 'DELETE'));
});

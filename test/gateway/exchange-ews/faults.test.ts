// Faults of an Exchange Server over EWS: throttling waited out as told, a
// ChangeKey that changed between read and write re-read and merged, an invalid sync state starting
// a full round, and a folder gone or a password changed said in plain words on the link while
// another link goes on; a failed read never deletes.
import test from 'ava';
import { checkEws, xmllintAvailable } from '../../helpers/ews-oracle.js';
import { requirePeer } from '../../helpers/peers.js';
import {
  calendarItems,
  crmEvent,
  crmEvents,
  ewsWorld,
  MAILBOX,
  outlookItem,
  outlookSubjects,
} from './fixture.js';

test('ErrorServerBusy, HTTP 503 and ErrorTooManyObjectsOpened are waited out as told', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld();
  t.teardown(() => w.dispose());
  outlookItem(w, 'Busy day', '2027-02-03T14:00:00Z', '2027-02-03T15:00:00Z');
  await crmEvent(w, 'Pushed anyway', '2027-02-05');
  w.sandbox.inject('SyncFolderItems', { kind: 'busy', backOffMs: 1234 });
  w.sandbox.inject('GetItem', { kind: 'http503', retryAfterS: 1 });
  w.sandbox.inject('CreateItem', { kind: 'tooManyObjects' });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.like(run.counts, { pulledCreated: 1, pushedCreated: 1 });
  t.deepEqual(w.waits, [1234, 1000, 1000]);
  t.deepEqual(outlookSubjects(w), ['Busy day', 'Pushed anyway'], 'no change lost, no duplicate');

  // A wait longer than the bridge sleeps inline reschedules the link instead.
  w.sandbox.inject('SyncFolderItems', { kind: 'busy', backOffMs: 60_000 });
  const later = await w.bridge.syncNow(w.linkId);
  t.false(later.ok);
  t.is(later.retryAfterMs, 60_000);
  t.is((await crmEvents(w)).length, 2, 'a throttled read deletes nothing');
  if (requirePeer('xmllint', xmllintAvailable(), t)) t.is(checkEws(w.sent), '');
});

test('a ChangeKey changed between read and write is re-read and merged', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld();
  t.teardown(() => w.dispose());
  const mine = await crmEvent(w, 'Review', '2027-02-04');
  t.true((await w.bridge.syncNow(w.linkId)).ok);
  const item = calendarItems(w).find((i) => i.field('Subject') === 'Review');
  await w.ts.store.records.update(
    w.ts.admin,
    'Events',
    mine.id,
    { values: { subject: 'Review, renamed in CRM' } },
    'revise',
  );
  // Outlook touches the item after the bridge read it, before its UpdateItem lands.
  w.sandbox.inject('UpdateItem', { kind: 'bumpChangeKey' });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  const updates = w.sent.filter((x) => x.includes('<m:UpdateItem'));
  t.true(updates.length >= 2, 'the first write was refused and sent again after a re-read');
  t.is(
    calendarItems(w)
      .find((i) => i.id === item?.id)
      ?.field('Subject'),
    'Review, renamed in CRM',
  );
  t.true(updates.every((x) => /ChangeKey="[^"]+"/.test(x)));
});

test('invalid sync state runs a full round without duplicates or deletions', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld();
  t.teardown(() => w.dispose());
  outlookItem(w, 'Kept', '2027-02-03T14:00:00Z', '2027-02-03T15:00:00Z');
  await crmEvent(w, 'Also kept', '2027-02-05');
  t.true((await w.bridge.syncNow(w.linkId)).ok);
  w.sandbox.inject('SyncFolderItems', { kind: 'invalidSyncState' });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.deepEqual(
    (await crmEvents(w)).map((e) => e.values['subject']),
    ['Also kept', 'Kept'],
  );
  t.deepEqual(outlookSubjects(w), ['Also kept', 'Kept']);
});

test('a folder gone or a password changed is said in plain words; another link goes on', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld({ auth: 'basic' });
  t.teardown(() => w.dispose());
  // A second connection and link on the same server, for another user and mailbox.
  w.sandbox.addAccount({
    username: 'CONTOSO\\ben',
    password: 'ben-pass',
    mailbox: 'ben@contoso.example',
  });
  const other = await w.bridge.createConnection({
    kind: 'ews',
    name: 'ben',
    url: w.url,
    username: 'CONTOSO\\ben',
    password: 'ben-pass',
    auth: 'basic',
  });
  const benLink = await w.bridge.createLink({
    userId: w.ts.admin.userId,
    connectionId: other.id,
    mailbox: 'ben@contoso.example',
  });
  outlookItem(w, 'Kept', '2027-02-03T14:00:00Z', '2027-02-03T15:00:00Z');
  t.true((await w.bridge.syncNow(w.linkId)).ok);

  w.sandbox.makeGone(MAILBOX, 'calendar');
  const gone = await w.bridge.syncNow(w.linkId);
  t.false(gone.ok);
  t.regex(gone.error ?? '', /calendar folder of adele@contoso\.example is gone/);
  t.is((await crmEvents(w)).length, 1, 'a folder gone deletes nothing');
  w.sandbox.gone.clear();

  w.sandbox.setPassword('CONTOSO\\adele', 'new-password');
  const refused = await w.bridge.syncNow(w.linkId);
  t.false(refused.ok);
  t.regex(refused.error ?? '', /refused the user name or password of CONTOSO\\adele/);
  t.regex((await w.bridge.links.mustGet(w.linkId)).lastError ?? '', /password/);
  const tested = await w.bridge.testConnection(w.connectionId);
  t.like(tested, { ok: false });
  t.regex(tested.message, /Sign-in failed: .*password/);

  const benRun = await w.bridge.syncNow(benLink.id);
  t.true(benRun.ok, benRun.error ?? '');
  t.like(await w.bridge.testConnection(other.id), { ok: true });
});

test('a create whose answer was lost is found by its CRM id, not made twice', async (t) => {
  t.timeout(120_000);
  const w = await ewsWorld();
  t.teardown(() => w.dispose());
  await crmEvent(w, 'Once only', '2027-02-05');
  w.sandbox.inject('CreateItem', { kind: 'dropAnswer' });
  const run = await w.bridge.syncNow(w.linkId);
  t.true(run.ok, run.error ?? '');
  t.deepEqual(outlookSubjects(w), ['Once only']);
  t.is(w.sent.filter((x) => x.includes('<m:CreateItem')).length, 1, 'no second CreateItem');
  t.is(w.sent.filter((x) => x.includes('<m:FindItem')).length, 1);
  const again = await w.bridge.syncNow(w.linkId);
  t.true(again.ok, again.error ?? '');
  t.deepEqual(outlookSubjects(w), ['Once only']);
  if (requirePeer('xmllint', xmllintAvailable(), t)) t.is(checkEws(w.sent), '');
});

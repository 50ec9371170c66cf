// Faults of the remote address book (a loopback proxy in front of Radicale): a 500, a hang past
// the client's deadline, an empty 207 to a full listing. The run reports the error (or finds
// nothing to do), the CRM's contacts and the remote cards stay as they were, and once the fault
// is gone the link syncs again normally.
import test from 'ava';
import { startFaultProxy, type Fault } from '../caldav-bridge/fault-proxy.js';
import type { CardWorld } from './fixture.js';
import {
  cardWorld,
  linkBook,
  newContact,
  radicale,
  remote,
  stopRadicale,
  vcard,
} from './fixture.js';

test.after.always(stopRadicale);

async function crmSnapshot(w: CardWorld): Promise<string> {
  const rows = await w.ts.store.db
    .knex('crm_entities')
    .where({ module: 'Contacts' })
    .orderBy('id')
    .select('id', 'deleted', 'label', 'modifiedtime');
  return JSON.stringify(rows);
}

const FAULTS: readonly Fault[] = ['http500', 'hang', 'empty-report'];

for (const fault of FAULTS) {
  test(`a remote fault (${fault}) deletes nothing and changes nothing`, async (t) => {
    const rad = await radicale(t);
    if (!rad) return;
    const w = await cardWorld(rad, `fault-${fault}`);
    const proxy = await startFaultProxy(rad.url);
    try {
      await newContact(w, { firstname: 'Hal', lastname: 'Crm', email: 'hal@x.test' });
      await remote.put(`${w.book}ivy.vcf`, vcard('ivy', ['FN:Ivy Remote', 'N:Remote;Ivy;;;']));
      const link = await linkBook(w, rad, 'both', proxy.url);
      const first = await w.bridge.syncNow(link.id);
      t.true(first.ok, first.error ?? '');
      const before = await crmSnapshot(w);
      const cardsBefore = await remote.list(w.book);
      t.is(cardsBefore.length, 2);
      // A full listing is where an empty answer could look like "everything was deleted".
      await w.ts.store.db
        .knex('bridge_collections')
        .where({ link_id: link.id })
        .update({ cursor: null });
      proxy.fault = fault;
      const run = await w.bridge.syncNow(link.id);
      if (fault === 'empty-report') t.true(run.ok, run.error ?? '');
      else t.false(run.ok);
      t.is(run.counts.pulledDeleted, 0);
      t.is(await crmSnapshot(w), before);
      t.deepEqual(await remote.list(w.book), cardsBefore);
      proxy.fault = 'none';
      const after = await w.bridge.syncNow(link.id);
      t.true(after.ok, after.error ?? '');
      t.is(await crmSnapshot(w), before);
    } finally {
      await proxy.close();
      await w.dispose();
    }
  });
}

test('a 503 with Retry-After defers the link for the asked time', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'fault-throttle');
  const proxy = await startFaultProxy(rad.url);
  try {
    const link = await linkBook(w, rad, 'both', proxy.url);
    proxy.fault = 'throttle';
    const run = await w.bridge.syncNow(link.id);
    t.false(run.ok);
    t.is(run.retryAfterMs, 120_000);
    const after = await w.bridge.links.mustGet(link.id);
    t.is(after.failures, 0, 'a rate limit is not counted as a failure');
    t.truthy(after.nextAttemptAt);
  } finally {
    await proxy.close();
    await w.dispose();
  }
});

test('a broken remote card is reported, creates nothing, and arrives once when fixed', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'fault-bad-vcard');
  const proxy = await startFaultProxy(rad.url);
  try {
    await remote.put(`${w.book}jo.vcf`, vcard('jo', ['FN:Jo Card', 'N:Card;Jo;;;']));
    const link = await linkBook(w, rad, 'both', proxy.url);
    proxy.fault = 'bad-vcard';
    const run = await w.bridge.syncNow(link.id);
    t.false(run.ok);
    t.regex(run.error ?? '', /could not be read/);
    t.is(await crmSnapshot(w), '[]');
    t.false((await w.bridge.links.mustGet(link.id)).firstSyncDone);
    proxy.fault = 'none';
    const fixed = await w.bridge.syncNow(link.id);
    t.true(fixed.ok, fixed.error ?? '');
    t.is(fixed.counts.pulledCreated, 1);
    t.is(JSON.parse(await crmSnapshot(w)).length, 1);
  } finally {
    await proxy.close();
    await w.dispose();
  }
});

test('refused credentials are an error on the link and change nothing', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await cardWorld(rad, 'fault-auth');
  try {
    await remote.put(`${w.book}lu.vcf`, vcard('lu', ['FN:Lu Card', 'N:Card;Lu;;;']));
    const link = await w.bridge.create({
      userId: w.userId,
      url: w.book,
      username: 'alice',
      password: 'wrong',
    });
    const run = await w.bridge.syncNow(link.id);
    t.false(run.ok);
    t.regex(run.error ?? '', /refused the credentials/);
    t.is(await crmSnapshot(w), '[]');
    const after = await w.bridge.links.mustGet(link.id);
    t.is(after.failures, 1);
    t.regex(after.lastError ?? '', /HTTP 401/);
  } finally {
    await w.dispose();
  }
});

// Faults of the remote server: 5xx, a hang past the deadline,
// malformed XML, a broken iCalendar object, tokens changed under us, the calendar deleted. The
// link shows the error and backs off, the CRM is unchanged (nothing lost, nothing duplicated),
// another user's link goes on in the same pass, and once the fault is gone everything arrives once.
import test from 'ava';
import type { CaldavLink } from '../../../store/caldav-links/link-types.js';
import { startFaultProxy, type Fault } from './fault-proxy.js';
import {
  ALICE,
  eventInput,
  eventsOf,
  janeActor,
  linkAlice,
  makeCalendar,
  radicale,
  remote,
  stopRadicale,
  vevent,
  world,
  type World,
} from './fixture.js';

test.after.always(stopRadicale);

async function crmSnapshot(w: World): Promise<string> {
  const rows = await w.ts.store.db
    .knex('crm_entities')
    .where({ module: 'Events' })
    .orderBy('id')
    .select('id', 'deleted', 'label', 'modifiedtime');
  return JSON.stringify(rows);
}

/** A second user whose link goes straight to Radicale, with one remote event waiting. */
async function bystander(w: World, base: string, name: string): Promise<CaldavLink> {
  const bob = await w.ts.store.users.create({
    userName: 'bob',
    password: 'bob-password-1',
    isAdmin: false,
  });
  const cal = await makeCalendar(base, name);
  await remote.put(
    `${cal}bob.ics`,
    vevent('bob@x', ['DTSTART:20370101T100000Z', 'DTEND:20370101T110000Z', 'SUMMARY:Bob event']),
  );
  return w.bridge.create({
    userId: bob.id,
    kind: 'caldav',
    url: `${base}/`,
    username: 'alice',
    password: 'secret',
    calendarUrl: cal,
  });
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const FAULTS: readonly Fault[] = ['http500', 'hang', 'bad-xml', 'bad-ics'];

for (const fault of FAULTS) {
  test(`remote fault ${fault}: error on the link, backoff, CRM unchanged, other links go on, then recovery`, async (t) => {
    t.timeout(40_000);
    const rad = await radicale(t);
    if (!rad) return;
    const w = await world(rad, `fault-${fault}`, { backoffBaseMs: 1000, backoffMaxMs: 1000 }, 700);
    const proxy = await startFaultProxy(rad.url);
    try {
      const link = await linkAlice(w, rad, proxy.url);
      t.true((await w.bridge.syncNow(link.id)).ok);
      const other = await bystander(w, rad.url, `bystander-${fault}`);
      // A change on each side waits when the fault starts.
      await remote.put(
        `${w.calendar}phone.ics`,
        vevent('phone@x', [
          'DTSTART:20370202T100000Z',
          'DTEND:20370202T110000Z',
          'SUMMARY:From phone',
        ]),
      );
      const mine = await w.ts.store.records.create(
        janeActor(w),
        'Events',
        eventInput('From CRM', '2037-03-03 10:00:00', '2037-03-03 11:00:00'),
      );
      const before = await crmSnapshot(w);
      proxy.fault = fault;
      await w.bridge.links.requestPull(link.id); // as listing activities through the gateway does
      const outcomes = await w.bridge.runDue();
      const failedLink = await w.bridge.links.mustGet(link.id);
      t.not(failedLink.lastError, null);
      t.is(failedLink.failures, 1);
      t.not(failedLink.nextAttemptAt, null);
      t.is(outcomes.filter((o) => !o.ok).length, 1);
      const otherLink = await w.bridge.links.mustGet(other.id);
      t.is(otherLink.lastError, null, 'the other link went on');
      t.is(otherLink.lastCounts?.pulledCreated, 1);
      const afterFault = JSON.parse(await crmSnapshot(w)) as { label: string }[];
      t.deepEqual(
        afterFault.filter((r) => r.label !== 'Bob event'),
        JSON.parse(before) as unknown[],
        'the CRM is unchanged',
      );
      // In backoff the link is skipped; after it, the fault gone, everything arrives once.
      const skipped = await w.bridge.runDue();
      t.true(skipped.every((o) => o.ok));
      proxy.fault = 'none';
      await wait(1100);
      await w.bridge.runDue();
      const healed = await w.bridge.links.mustGet(link.id);
      t.is(healed.lastError, null);
      t.is(healed.failures, 0);
      const subjects = (await eventsOf(w))
        .filter((e) => e.owner.id === w.userId)
        .map((e) => e.values['subject'])
        .sort();
      t.deepEqual(subjects, ['From CRM', 'From phone']);
      const hrefs = await remote.list(w.calendar);
      t.is(hrefs.length, 2);
      t.true(hrefs.some((h) => h.includes(`crm-${mine.id}`)));
      const errors = (await w.ts.store.exchangeLog.list({ system: 'caldav-bridge' })).filter(
        (e) => e.status === 'error' || e.status === 'partial',
      );
      t.true(errors.some((e) => e.connection === String(link.id) && e.error !== null));
    } finally {
      await proxy.close();
      await w.dispose();
    }
  });
}

test('tokens changed under us: full resync, no duplicates', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'token-reset');
  const proxy = await startFaultProxy(rad.url);
  try {
    await remote.put(
      `${w.calendar}one.ics`,
      vevent('one@x', ['DTSTART:20380101T100000Z', 'DTEND:20380101T110000Z', 'SUMMARY:One']),
    );
    const link = await linkAlice(w, rad, proxy.url);
    t.true((await w.bridge.syncNow(link.id)).ok);
    proxy.fault = 'token-reset';
    await remote.put(
      `${w.calendar}two.ics`,
      vevent('two@x', ['DTSTART:20380102T100000Z', 'DTEND:20380102T110000Z', 'SUMMARY:Two']),
    );
    const run = await w.bridge.syncNow(link.id);
    t.true(run.ok, run.error ?? '');
    t.deepEqual((await eventsOf(w)).map((e) => e.values['subject']).sort(), ['One', 'Two']);
    t.true((await w.bridge.syncNow(link.id)).ok);
    t.is((await eventsOf(w)).length, 2);
  } finally {
    await proxy.close();
    await w.dispose();
  }
});

test('a server asking to wait: the link is rescheduled after Retry-After, no failure counted, no request repeated in the run', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'throttled');
  const proxy = await startFaultProxy(rad.url);
  try {
    const link = await linkAlice(w, rad, proxy.url);
    t.true((await w.bridge.syncNow(link.id)).ok);
    proxy.fault = 'throttle';
    const asked = proxy.seen.length;
    const started = Date.now();
    const run = await w.bridge.syncNow(link.id);
    t.false(run.ok);
    t.is(run.retryAfterMs, 120_000);
    t.true(Date.now() - started < 5_000, 'not slept on');
    t.is(proxy.seen.length - asked, 1, 'the request was not repeated');
    const shown = await w.bridge.links.mustGet(link.id);
    t.regex(shown.lastError ?? '', /retry after 120 s/);
    t.is(shown.failures, 0);
    const next = Date.parse((shown.nextAttemptAt ?? '').replace(' ', 'T') + 'Z');
    t.true(next >= started + 119_000 && next <= Date.now() + 121_000);
    await w.bridge.links.requestPull(link.id);
    t.deepEqual(await w.bridge.runDue(), [], 'the pass leaves it until then');
    t.is(proxy.seen.length - asked, 1);
  } finally {
    await proxy.close();
    await w.dispose();
  }
});

test('the calendar deleted on the server: the link shows it, no CRM event is deleted', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'deleted-cal');
  try {
    await remote.put(
      `${w.calendar}one.ics`,
      vevent('one@x', ['DTSTART:20380101T100000Z', 'DTEND:20380101T110000Z', 'SUMMARY:One']),
    );
    const link = await linkAlice(w, rad);
    t.true((await w.bridge.syncNow(link.id)).ok);
    const before = await crmSnapshot(w);
    const gone = await fetch(w.calendar, {
      method: 'DELETE',
      headers: { authorization: ALICE },
      signal: AbortSignal.timeout(10_000),
    });
    t.true(gone.status < 300);
    const run = await w.bridge.syncNow(link.id);
    t.false(run.ok);
    t.regex(run.error ?? '', /deleted|404|gone/);
    t.is(await crmSnapshot(w), before);
    const shown = await w.bridge.links.mustGet(link.id);
    t.regex(shown.lastError ?? '', /deleted|404|gone/);
    t.is(shown.failures, 1);
  } finally {
    await w.dispose();
  }
});

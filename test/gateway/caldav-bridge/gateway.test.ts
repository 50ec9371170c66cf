// The bridge inside the running gateway: the durable job 'caldav-bridge.sync' (jobs panel) takes a
// CRM change to the remote calendar at once, a REST listing of Events pulls remote changes, the
// secret key file is generated in the data directory, and a gateway stopped in the middle of a
// first sync finishes it after the restart without losing or duplicating anything.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { CALDAV_SYNC_JOB } from '../../../gateway/caldav-bridge/service.js';
import type { Store } from '../../../store/store.js';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { bobClient, createBob } from '../../helpers/rest-fixture.js';
import { startFaultProxy } from './fault-proxy.js';
import {
  gatewayBridge,
  eventInput,
  makeCalendar,
  radicale,
  remote,
  stopRadicale,
  vevent,
} from './fixture.js';

test.after.always(stopRadicale);

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const subjects = async (store: Store, userId: number): Promise<string[]> =>
  (
    await store.db
      .knex('crm_entities')
      .where({ module: 'Events', owner_kind: 'user', owner_id: userId, deleted: false })
      .pluck('label')
  )
    .map(String)
    .sort();

/** Links bob's CRM activities to a new Radicale calendar and waits for the first sync. */
async function linkBob(
  gw: TestGateway,
  radicaleUrl: string,
  calendar: string,
): Promise<{ bobId: number; cal: string }> {
  const bobId = await createBob(gw.store);
  const cal = await makeCalendar(radicaleUrl, calendar);
  const bridge = gatewayBridge(gw);
  const link = await bridge.create({
    userId: bobId,
    kind: 'caldav',
    url: `${radicaleUrl}/`,
    username: 'alice',
    password: 'secret',
    calendarUrl: cal,
  });
  await until(
    'first sync',
    async () => (await bridge.links.mustGet(link.id)).firstSyncDone,
    10_000,
  );
  return { bobId, cal };
}

test('the job pushes CRM changes at once and a REST listing pulls remote changes', async (t) => {
  t.timeout(60_000);
  const rad = await radicale(t);
  if (!rad) return;
  const gw = await startTestGateway();
  try {
    const { bobId, cal } = await linkBob(gw, rad.url, 'gw-live');
    const client = await bobClient(gw);
    t.is(statSync(path.join(gw.dataDir, 'secret.key')).mode & 0o777, 0o600);
    const job = await gw.store.jobs.get(CALDAV_SYNC_JOB);
    t.truthy(job);
    t.regex(job?.description ?? '', /CalDAV bridge/);

    const created = await client.doCreate('Events', {
      ...(eventInput('Made over REST', '2040-01-01 10:00:00', '2040-01-01 11:00:00')
        .values as Record<string, string>),
      description: 'rest',
    });
    t.truthy(created);
    await until('the remote copy', async () => (await remote.list(cal)).length === 1, 5000);
    t.regex(
      (await remote.get((await remote.list(cal))[0] as string)).body,
      /SUMMARY:Made over REST/,
    );

    await remote.put(
      `${cal}phone.ics`,
      vevent('phone@gw', [
        'DTSTART:20400102T100000Z',
        'DTEND:20400102T110000Z',
        'SUMMARY:Added on the phone',
      ]),
    );
    t.truthy(await client.doQuery('select subject from Events;'));
    await until(
      'the pulled event',
      async () => (await subjects(gw.store, bobId)).includes('Added on the phone'),
      5000,
    );
    t.deepEqual(await subjects(gw.store, bobId), ['Added on the phone', 'Made over REST']);
  } finally {
    await gw.dispose();
  }
});

test("a calendar app syncing the user's calendar on the gateway's CalDAV server pulls remote changes too", async (t) => {
  t.timeout(60_000);
  const rad = await radicale(t);
  if (!rad) return;
  const gw = await startTestGateway();
  try {
    const { bobId, cal } = await linkBob(gw, rad.url, 'gw-dav-listing');
    await remote.put(
      `${cal}tablet.ics`,
      vevent('tablet@gw', [
        'DTSTART:20400103T100000Z',
        'DTEND:20400103T110000Z',
        'SUMMARY:Added on the tablet',
      ]),
    );
    // The schedule pulls every 120 s at the least: a pull within 5 s comes from the listing.
    const dav = await fetch(`${gw.url}/dav/calendars/bob/events/`, {
      method: 'REPORT',
      headers: {
        authorization: `Basic ${Buffer.from('bob:bob-password-1').toString('base64')}`,
        'content-type': 'application/xml',
        depth: '1',
      },
      body: '<d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>',
      signal: AbortSignal.timeout(10_000),
    });
    t.is(dav.status, 207, await dav.text());
    await until(
      'the event pulled after the CalDAV listing',
      async () => (await subjects(gw.store, bobId)).includes('Added on the tablet'),
      5000,
    );
  } finally {
    await gw.dispose();
  }
});

test('a restart in the middle of a first sync finishes it without losses or duplicates', async (t) => {
  t.timeout(90_000);
  const rad = await radicale(t);
  if (!rad) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bridge-restart-'));
  const proxy = await startFaultProxy(rad.url);
  const cal = await makeCalendar(rad.url, 'restart');
  for (let i = 0; i < 15; i++) {
    await remote.put(
      `${cal}r${i}.ics`,
      vevent(`r${i}@restart`, [
        `DTSTART:204102${String(i + 1).padStart(2, '0')}T100000Z`,
        `DTEND:204102${String(i + 1).padStart(2, '0')}T110000Z`,
        `SUMMARY:Remote ${i}`,
      ]),
    );
  }
  let gw = await startTestGateway({}, {}, dir);
  try {
    const jane = await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const actor = { userId: jane.id, isAdmin: false, groupIds: [] };
    for (let i = 0; i < 25; i++)
      await gw.store.records.create(
        actor,
        'Events',
        eventInput(
          `CRM ${i}`,
          `2041-03-${String(i + 1).padStart(2, '0')} 09:00:00`,
          `2041-03-${String(i + 1).padStart(2, '0')} 10:00:00`,
        ),
      );
    proxy.fault = 'slow';
    const bridge = gatewayBridge(gw);
    const link = await bridge.create({
      userId: jane.id,
      kind: 'caldav',
      url: `${proxy.url}/`,
      username: 'alice',
      password: 'secret',
      calendarUrl: cal.replace(rad.url, proxy.url),
    });
    await until(
      'some PUTs',
      async () => proxy.seen.filter((s) => s.startsWith('PUT')).length >= 6,
      20_000,
    );
    await gw.stop();
    const putsBefore = proxy.seen.filter((s) => s.startsWith('PUT')).length;
    t.true(putsBefore < 25, `stopped mid-sync after ${putsBefore} PUTs`);
    proxy.fault = 'none';
    gw = await startTestGateway({}, {}, dir);
    const again = gatewayBridge(gw);
    t.false((await again.links.mustGet(link.id)).firstSyncDone);
    await until(
      'the first sync after the restart',
      async () => {
        const l = await again.links.mustGet(link.id);
        return l.firstSyncDone && l.lastError === null;
      },
      30_000,
    );
    const labels = await subjects(gw.store, jane.id);
    t.is(labels.length, 40);
    t.is(new Set(labels).size, 40, 'no duplicates in the CRM');
    t.is((await remote.list(cal)).length, 40, 'no duplicates remotely');
    t.is((await gw.store.syncLinks.forConnection('caldav-bridge', String(link.id))).length, 40);
  } finally {
    await gw.dispose();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

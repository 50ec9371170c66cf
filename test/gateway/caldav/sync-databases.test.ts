// The store-facing parts of CalDAV on SQLite and on PostgreSQL (docs/architecture.md "Store"): sync
// tokens from the change log (RFC 6578 §3: initial, incremental, removed members as 404, `limit`
// with 507 and a token for only what was returned, invalid tokens 403, Depth 1 tolerated), changes
// made through REST and the store in the next sync, and time-range candidates from the stored
// range.
import test, { type ExecutionContext } from 'ava';
import { adminClient } from '../../helpers/rest-fixture.js';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import {
  davProp,
  errorOf,
  responseAt,
  responses,
  withProps,
  withStatus,
} from '../../helpers/multistatus.js';
import {
  EVENTS,
  ICS,
  queryBody,
  startDav,
  syncBody,
  tokenOf,
  vevent,
  type Dav,
} from './dav-fixture.js';

/** Members reported with properties; each must carry its ETag. */
const hrefs = (xml: string): string[] => {
  for (const r of responses(xml))
    if (r.status === null && !r.props.get(davProp('getetag'))?.text.startsWith('"'))
      throw new Error(`${r.href} has no ETag`);
  return withProps(xml);
};
const gone = (xml: string): string[] => withStatus(xml, 404);

async function syncScenario(t: ExecutionContext, dav: Dav): Promise<void> {
  const sync = async (token: string, limit?: number): Promise<string> => {
    const r = await dav.req('REPORT', EVENTS, syncBody(token, limit), {
      depth: '1',
      'content-type': 'application/xml',
    });
    t.is(r.status, 207, r.text);
    return r.text;
  };
  for (const n of [1, 2, 3])
    t.is((await dav.req('PUT', `${EVENTS}s${n}.ics`, vevent(`s${n}@test`), ICS)).status, 201);
  const initial = await sync('');
  t.deepEqual(hrefs(initial), ['s1.ics', 's2.ics', 's3.ics']);
  const t0 = tokenOf(initial);
  t.deepEqual(hrefs(await sync(t0)), [], 'nothing changed since the token');

  const etag = (await dav.req('GET', `${EVENTS}s1.ics`)).headers.get('etag') ?? '';
  t.is((await dav.req('DELETE', `${EVENTS}s1.ics`, undefined, { 'if-match': etag })).status, 204);
  t.is(
    (await dav.req('PUT', `${EVENTS}s2.ics`, vevent('s2@test', 'LOCATION:Moved'), ICS)).status,
    204,
  );
  t.is((await dav.req('PUT', `${EVENTS}s4.ics`, vevent('s4@test'), ICS)).status, 201);

  // A page of one change: 507 on the collection, and a token that covers only that change.
  const first = await sync(t0, 1);
  t.deepEqual(gone(first), ['s1.ics']);
  t.deepEqual(hrefs(first), []);
  t.is(responseAt(first, EVENTS)?.status, 507);
  t.is(responseAt(first, EVENTS)?.error, davProp('number-of-matches-within-limits'));
  const rest = await sync(tokenOf(first));
  t.deepEqual(hrefs(rest), ['s2.ics', 's4.ics']);
  t.deepEqual(withStatus(rest, 507), []);

  // Changes through REST (vtiger webservice) and through the store show up in the next sync.
  const client = await adminClient(dav.gw);
  const created = await client.doCreate('Events', {
    subject: 'From REST',
    date_start: '2026-06-01',
    time_start: '10:00:00',
    due_date: '2026-06-01',
    time_end: '11:00:00',
    eventstatus: 'Planned',
    activitytype: 'Meeting',
    duration_hours: '1',
    assigned_user_id: '19x1',
  });
  if (!created || !created.id) return t.fail(JSON.stringify(client.lastError));
  const recordId = created.id.split('x')[1] ?? '';
  const afterRest = await sync(tokenOf(rest));
  t.deepEqual(hrefs(afterRest), [`crm-${recordId}.ics`]);
  t.regex((await dav.req('GET', `${EVENTS}crm-${recordId}.ics`)).text, /SUMMARY:From REST/);
  t.true(await client.doDelete(created.id));
  const admin = await dav.gw.store.users.actor(1);
  const s4 = (
    await dav.gw.store.db
      .knex('caldav_objects')
      .where({ name: 's4.ics' })
      .first<{ record_id: number }>()
  )?.record_id;
  if (!admin || s4 === undefined) return t.fail();
  await dav.gw.store.records.update(
    admin,
    'Events',
    Number(s4),
    { values: { subject: 'Renamed in the CRM' } },
    'revise',
  );
  const afterStore = await sync(tokenOf(afterRest));
  t.deepEqual(gone(afterStore), [`crm-${recordId}.ics`]);
  t.deepEqual(hrefs(afterStore), ['s4.ics']);

  const bad = await dav.req('REPORT', EVENTS, syncBody('http://crm-gateway/ns/sync/99999999'), {
    depth: '0',
  });
  t.is(bad.status, 403);
  t.is(errorOf(bad.text), davProp('valid-sync-token'));
  t.is((await dav.req('REPORT', EVENTS, syncBody('urn:other:1'))).status, 403);
}

async function rangeScenario(t: ExecutionContext, dav: Dav): Promise<void> {
  const put = async (name: string, extra: string, start: string, end: string): Promise<void> => {
    t.is(
      (await dav.req('PUT', `${EVENTS}${name}.ics`, vevent(`${name}@test`, extra, start, end), ICS))
        .status,
      201,
    );
  };
  await put('r-endless', 'RRULE:FREQ=WEEKLY', '20200106T080000Z', '20200106T090000Z');
  await put('r-count', 'RRULE:FREQ=DAILY;COUNT=3', '20260401T080000Z', '20260401T090000Z');
  await put('r-single', '', '20270115T080000Z', '20270115T090000Z');
  const names = async (start: string | null, end: string | null): Promise<string[]> => {
    const r = await dav.req('REPORT', EVENTS, queryBody(start, end), { depth: '1' });
    t.is(r.status, 207);
    return withProps(r.text).map((n) => n.replace(/\.ics$/, ''));
  };
  t.deepEqual(await names('20260402T000000Z', '20260404T000000Z'), ['r-count']);
  t.deepEqual(
    await names('20260406T000000Z', '20260407T000000Z'),
    ['r-endless'],
    'a Monday: the weekly series only',
  );
  t.deepEqual(await names('20270115T000000Z', null), ['r-endless', 'r-single']);
  t.deepEqual(await names(null, '20200107T000000Z'), ['r-endless']);
  const stored = await dav.gw.store.db
    .knex('caldav_objects')
    .whereIn('name', ['r-endless.ics', 'r-count.ics'])
    .orderBy('name')
    .select<{ range_start_utc: string | null; range_end_utc: string | null }[]>(
      'range_start_utc',
      'range_end_utc',
    );
  t.deepEqual(stored, [
    { range_start_utc: '20260401T080000Z', range_end_utc: '20260403T090000Z' },
    { range_start_utc: '20200106T080000Z', range_end_utc: null },
  ]);
}

for (const [name, scenario] of [
  ['sync-collection', syncScenario],
  ['time-range candidates', rangeScenario],
] as const) {
  test(`${name} [sqlite]`, async (t) => {
    const dav = await startDav({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
    try {
      await scenario(t, dav);
    } finally {
      await dav.gw.dispose();
    }
  });
  test(`${name} [postgres]`, async (t) => {
    const pg = await freshPgDatabase();
    if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
    const dav = await startDav({
      GATEWAY_DATABASE_URL: pg.url,
      GATEWAY_LOGIN_MAX_FAILURES: '200',
      GATEWAY_SECRET_KEY: 'ab'.repeat(32),
    });
    try {
      await scenario(t, dav);
    } finally {
      await dav.gw.dispose();
      await pg.drop();
    }
  });
}

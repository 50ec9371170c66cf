// Sync tokens per calendar (RFC 6578 §3.2, CalendarServer getctag): a calendar's token and getctag
// are the last change of its own module, so writes to Products or Leads leave every calendar's
// token, an Events write moves the events calendar's only, a task write the tasks calendar's only;
// tokens handed out before (the change log's global position) still resume. And a REPORT or
// PROPFIND writes nothing: every table is the same before and after.
import test from 'ava';
import { ADMIN_ACCESS_KEY } from '../../helpers/gateway.js';
import {
  csProp,
  davProp,
  propText,
  responseAt,
  responses,
  syncTokenOf,
  withProps,
} from '../../helpers/multistatus.js';
import {
  EVENTS,
  ICS,
  queryBody,
  startDav,
  syncBody,
  TASKS,
  vevent,
  type Dav,
} from './dav-fixture.js';

const HOME = '/dav/calendars/admin/';
const TOKENS =
  '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><d:sync-token/><cs:getctag/></d:prop></d:propfind>';
const XML = { 'content-type': 'application/xml', depth: '1' };

function vtodo(uid: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VTODO',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    'DUE:20260310T170000Z',
    'SUMMARY:Call back',
    'END:VTODO',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

interface Tokens {
  readonly events: string;
  readonly tasks: string;
}

async function tokens(d: Dav): Promise<Tokens> {
  const r = await d.req('PROPFIND', HOME, TOKENS, XML);
  const of = (href: string): string => {
    const resp = responseAt(r.text, href);
    const token = propText(resp, davProp('sync-token')) ?? '';
    if (propText(resp, csProp('getctag')) !== token)
      throw new Error('getctag differs from sync-token');
    return token;
  };
  return { events: of(EVENTS), tasks: of(TASKS) };
}

async function crmWrite(d: Dav, module: 'Products' | 'Leads'): Promise<void> {
  const admin = await d.gw.store.users.actor(1);
  if (!admin) throw new Error('no admin');
  const values: Record<string, string> =
    module === 'Products' ? { productname: 'Gear', unit_price: '9.99' } : { lastname: 'Lead' };
  await d.gw.store.records.create(admin, module, { values });
}

test('a Products or Leads write moves no calendar token; an Events write moves the events calendar only', async (t) => {
  const d = await startDav();
  t.teardown(() => d.gw.dispose());
  t.is((await d.req('PUT', `${EVENTS}a.ics`, vevent('a@test'), ICS)).status, 201);
  t.is((await d.req('PUT', `${TASKS}t.ics`, vtodo('t@test'), ICS)).status, 201);
  const before = await tokens(d);
  const initial = await d.req('REPORT', EVENTS, syncBody(''), XML);
  t.is(syncTokenOf(initial.text), before.events, 'the initial sync hands out the calendar token');

  await crmWrite(d, 'Products');
  await crmWrite(d, 'Leads');
  t.deepEqual(await tokens(d), before, 'other modules leave both calendars');
  const quiet = await d.req('REPORT', EVENTS, syncBody(before.events), XML);
  t.deepEqual(responses(quiet.text), []);
  t.is(syncTokenOf(quiet.text), before.events);

  t.is((await d.req('PUT', `${EVENTS}b.ics`, vevent('b@test'), ICS)).status, 201);
  const afterEvent = await tokens(d);
  t.not(afterEvent.events, before.events);
  t.is(afterEvent.tasks, before.tasks, 'the tasks calendar did not change');
  const next = await d.req('REPORT', EVENTS, syncBody(before.events), XML);
  t.deepEqual(withProps(next.text), ['b.ics']);
  t.is(syncTokenOf(next.text), afterEvent.events);

  t.is((await d.req('PUT', `${TASKS}u.ics`, vtodo('u@test'), ICS)).status, 201);
  const afterTask = await tokens(d);
  t.not(afterTask.tasks, afterEvent.tasks);
  t.is(afterTask.events, afterEvent.events, 'the events calendar did not change');
});

test('a token from before tokens were per calendar (the global position) still resumes', async (t) => {
  const d = await startDav();
  t.teardown(() => d.gw.dispose());
  t.is((await d.req('PUT', `${EVENTS}a.ics`, vevent('a@test'), ICS)).status, 201);
  await crmWrite(d, 'Products');
  // The form every token had: the change log's latest position over all modules.
  const global = `http://crm-gateway/ns/sync/${await d.gw.store.changeLog.latestSeq()}`;
  t.not(global, (await tokens(d)).events);
  const quiet = await d.req('REPORT', EVENTS, syncBody(global), XML);
  t.is(quiet.status, 207, quiet.text);
  t.deepEqual(responses(quiet.text), []);
  t.is(syncTokenOf(quiet.text), global, 'an unchanged calendar keeps the client token');
  t.is((await d.req('PUT', `${EVENTS}b.ics`, vevent('b@test'), ICS)).status, 201);
  const next = await d.req('REPORT', EVENTS, syncBody(global), XML);
  t.deepEqual(withProps(next.text), ['b.ics']);
  t.is(syncTokenOf(next.text), (await tokens(d)).events);
});

async function dump(d: Dav): Promise<Record<string, unknown[]>> {
  const knex = d.gw.store.db.knex;
  const tables = (await knex('sqlite_master').where({ type: 'table' }).pluck('name')) as string[];
  const out: Record<string, unknown[]> = {};
  // `jobs` holds the scheduler's run stamps, which move on their own clock (the REST hooks delivery
  // job runs every second) whatever the requests do.
  for (const name of tables.sort().filter((n) => n !== 'jobs'))
    out[name] = await knex(name).select('*').orderByRaw('1');
  return out;
}

test('REPORT and PROPFIND write nothing: every table is the same before and after', async (t) => {
  const d = await startDav();
  t.teardown(() => d.gw.dispose());
  for (const n of [1, 2, 3])
    t.is((await d.req('PUT', `${EVENTS}r${n}.ics`, vevent(`r${n}@test`), ICS)).status, 201);
  t.is((await d.req('PUT', `${TASKS}t.ics`, vtodo('t@test'), ICS)).status, 201);
  const token = syncTokenOf((await d.req('REPORT', EVENTS, syncBody(''), XML)).text);
  t.is((await d.req('PUT', `${EVENTS}r4.ics`, vevent('r4@test'), ICS)).status, 201);
  // The access key authenticates without recording a login, so only the requests themselves count.
  const key = {
    authorization: 'Basic ' + Buffer.from(`admin:${ADMIN_ACCESS_KEY}`).toString('base64'),
  };
  const before = await dump(d);
  const multiget =
    '<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>' +
    `<d:href>${EVENTS}r1.ics</d:href><d:href>${EVENTS}missing.ics</d:href></c:calendar-multiget>`;
  const calls: Array<[string, string, string]> = [
    ['REPORT', EVENTS, syncBody('')],
    ['REPORT', EVENTS, syncBody(token)],
    ['REPORT', TASKS, syncBody('')],
    ['REPORT', EVENTS, queryBody('20260101T000000Z', '20261231T000000Z', true)],
    ['REPORT', EVENTS, multiget],
    ['PROPFIND', HOME, ''],
    ['PROPFIND', EVENTS, ''],
    ['PROPFIND', '/dav/principals/admin/', ''],
  ];
  for (const [method, path, body] of calls) {
    const r = await d.req(method, path, body, { ...XML, ...key });
    t.is(r.status, 207, `${method} ${path}: ${r.text.slice(0, 300)}`);
  }
  t.is((await d.req('GET', `${EVENTS}r1.ics`, undefined, key)).status, 200);
  await new Promise((ok) => setTimeout(ok, 300)); // anything fired and forgotten has run by now
  t.deepEqual(await dump(d), before);
});

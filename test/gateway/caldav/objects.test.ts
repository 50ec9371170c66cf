// GET/PUT/DELETE with ETags and preconditions, multiget and sync-collection over HTTP
// (RFC 4791 §5.3, §7.9; RFC 6578; RFC 7232), and CRM-side changes showing up in the next sync.
import test from 'ava';
import {
  EVENTS,
  ICS,
  queryBody,
  startDav,
  syncBody,
  TASKS,
  tokenOf,
  vevent,
  type Dav,
} from './dav-fixture.js';
import {
  caldavProp,
  davProp,
  errorOf,
  propText,
  responseAt,
  responses,
  withProps,
  withStatus,
} from '../../helpers/multistatus.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav();
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

test.serial(
  'PUT creates, GET returns the same bytes with the ETag, the CRM sees an Events record',
  async (t) => {
    const body = vevent(
      'obj-1@test',
      'LOCATION:Room 1\nX-CUSTOM:kept\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT5M\nEND:VALARM',
    );
    const put = await dav.req('PUT', `${EVENTS}obj-1.ics`, body, { ...ICS, 'if-none-match': '*' });
    t.is(put.status, 201);
    const get = await dav.req('GET', `${EVENTS}obj-1.ics`);
    t.is(get.status, 200);
    t.is(get.text, body);
    t.is(get.headers.get('etag'), put.headers.get('etag'));
    const admin = await dav.gw.store.users.actor(1);
    if (!admin) return t.fail();
    const events = await dav.gw.store.records.list(admin, 'Events');
    const ev = events.find((e) => e.values['subject'] === 'Test event');
    t.truthy(ev);
    t.is(ev?.values['location'], 'Room 1');
    t.is(ev?.values['date_start'], '2026-03-01');
    t.is(ev?.values['time_start'], '08:00:00');
  },
);

test.serial(
  'If-None-Match on an existing object and a stale If-Match are 412; the right If-Match updates',
  async (t) => {
    const again = await dav.req('PUT', `${EVENTS}obj-1.ics`, vevent('obj-1@test'), {
      ...ICS,
      'if-none-match': '*',
    });
    t.is(again.status, 412);
    const stale = await dav.req('PUT', `${EVENTS}obj-1.ics`, vevent('obj-1@test'), {
      ...ICS,
      'if-match': '"nope"',
    });
    t.is(stale.status, 412);
    const etag = (await dav.req('GET', `${EVENTS}obj-1.ics`)).headers.get('etag') ?? '';
    const ok = await dav.req(
      'PUT',
      `${EVENTS}obj-1.ics`,
      vevent('obj-1@test', 'SUMMARY:Renamed'.replace('SUMMARY', 'DESCRIPTION')),
      { ...ICS, 'if-match': etag },
    );
    t.is(ok.status, 204);
    const del = await dav.req('DELETE', `${EVENTS}obj-1.ics`, undefined, { 'if-match': etag });
    t.is(del.status, 412);
  },
);

test.serial('multiget answers known hrefs with data and unknown ones with 404', async (t) => {
  const body =
    '<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>' +
    `<d:href>${EVENTS}obj-1.ics</d:href><d:href>${EVENTS}missing.ics</d:href></c:calendar-multiget>`;
  const r = await dav.req('REPORT', EVENTS, body, { depth: '1' });
  t.is(r.status, 207);
  t.regex(
    propText(responseAt(r.text, 'obj-1.ics'), caldavProp('calendar-data')) ?? '',
    /UID:obj-1@test/,
  );
  t.truthy(propText(responseAt(r.text, 'obj-1.ics'), davProp('getetag')));
  t.deepEqual(withStatus(r.text, 404), ['missing.ics']);
  t.deepEqual(withProps(r.text), ['obj-1.ics']);
});

test.serial(
  'sync-collection: initial, incremental, deletion as 404, CRM-side change, limit with 507, bad token 403',
  async (t) => {
    const initial = await dav.req('REPORT', EVENTS, syncBody(''), { depth: '1' });
    t.is(initial.status, 207);
    t.true(withProps(initial.text).includes('obj-1.ics'));
    const t1 = tokenOf(initial.text);
    const same = await dav.req('REPORT', EVENTS, syncBody(t1));
    t.deepEqual(responses(same.text), []);
    await dav.req('PUT', `${EVENTS}obj-2.ics`, vevent('obj-2@test'), ICS);
    await dav.req('PUT', `${EVENTS}obj-3.ics`, vevent('obj-3@test'), ICS);
    const etag1 = (await dav.req('GET', `${EVENTS}obj-1.ics`)).headers.get('etag') ?? '';
    t.is(
      (await dav.req('DELETE', `${EVENTS}obj-1.ics`, undefined, { 'if-match': etag1 })).status,
      204,
    );
    t.is((await dav.req('GET', `${EVENTS}obj-1.ics`)).status, 404);
    const page = await dav.req('REPORT', EVENTS, syncBody(t1, 1));
    t.deepEqual(withProps(page.text), ['obj-2.ics']);
    t.is(responseAt(page.text, EVENTS)?.status, 507);
    t.is(responseAt(page.text, EVENTS)?.error, davProp('number-of-matches-within-limits'));
    const rest = await dav.req('REPORT', EVENTS, syncBody(tokenOf(page.text)));
    t.deepEqual(withProps(rest.text), ['obj-3.ics']);
    t.deepEqual(withStatus(rest.text, 404), ['obj-1.ics']);
    // A change through another path (the CRM store, as REST or the console would) shows up next.
    const admin = await dav.gw.store.users.actor(1);
    if (!admin) return t.fail();
    const rec = await dav.gw.store.records.create(admin, 'Events', {
      values: {
        subject: 'From CRM',
        date_start: '2026-05-01',
        time_start: '10:00',
        due_date: '2026-05-01',
        time_end: '11:00',
      },
    });
    const crm = await dav.req('REPORT', EVENTS, syncBody(tokenOf(rest.text)));
    t.deepEqual(withProps(crm.text), [`crm-${rec.id}.ics`]);
    const got = await dav.req('GET', `${EVENTS}crm-${rec.id}.ics`);
    t.regex(got.text, /SUMMARY:From CRM/);
    t.regex(got.text, /DTSTART:20260501T100000Z/);
    const bad = await dav.req('REPORT', EVENTS, syncBody('http://crm-gateway/ns/sync/999999'));
    t.is(bad.status, 403);
    t.is(errorOf(bad.text), davProp('valid-sync-token'));
  },
);

test.serial(
  'a CRM edit of a client object keeps its alarm and UID and changes the ETag',
  async (t) => {
    const body = vevent('obj-4@test', 'BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT5M\nEND:VALARM');
    const put = await dav.req('PUT', `${EVENTS}obj-4.ics`, body, ICS);
    const admin = await dav.gw.store.users.actor(1);
    const ev = (await dav.gw.store.records.list(admin!, 'Events', { limit: 1000 })).at(-1);
    if (!admin || !ev) return t.fail();
    await dav.gw.store.records.update(
      admin,
      'Events',
      ev.id,
      { values: { subject: 'Edited in CRM' } },
      'revise',
    );
    const get = await dav.req('GET', `${EVENTS}obj-4.ics`);
    t.regex(get.text, /SUMMARY:Edited in CRM/);
    t.regex(get.text, /UID:obj-4@test/);
    t.regex(get.text, /TRIGGER:-PT5M/);
    t.not(get.headers.get('etag'), put.headers.get('etag'));
  },
);

test.serial('tasks calendar stores VTODOs as CRM Tasks', async (t) => {
  const todo = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VTODO',
    'UID:todo-1@test',
    'DTSTAMP:20260101T000000Z',
    'DUE:20260310T170000Z',
    'SUMMARY:Call back',
    'STATUS:IN-PROCESS',
    'PRIORITY:1',
    'END:VTODO',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  t.is((await dav.req('PUT', `${TASKS}todo-1.ics`, todo, ICS)).status, 201);
  const admin = await dav.gw.store.users.actor(1);
  const task = (await dav.gw.store.records.list(admin!, 'Calendar')).find(
    (r) => r.values['subject'] === 'Call back',
  );
  t.is(task?.values['taskstatus'], 'In Progress');
  t.is(task?.values['taskpriority'], 'High');
  t.is(task?.values['due_date'], '2026-03-10');
});

test.serial(
  'calendar-query: per-instance time-range (open end too), CRM-moved events found at their new time',
  async (t) => {
    await dav.req(
      'PUT',
      `${EVENTS}series.ics`,
      vevent('series@test', 'RRULE:FREQ=WEEKLY', '20260105T080000Z', '20260105T090000Z'),
      ICS,
    );
    const inGap = await dav.req(
      'REPORT',
      EVENTS,
      queryBody('20260106T000000Z', '20260111T000000Z'),
      { depth: '1' },
    );
    t.false(withProps(inGap.text).includes('series.ics'), 'no instance between the weekly dates');
    const hit = await dav.req(
      'REPORT',
      EVENTS,
      queryBody('20300107T000000Z', '20300108T000000Z', true),
      { depth: '1' },
    );
    t.regex(
      propText(responseAt(hit.text, 'series.ics'), caldavProp('calendar-data')) ?? '',
      /RECURRENCE-ID:20300107T080000Z/,
    );
    const open = await dav.req('REPORT', EVENTS, queryBody('20991230T000000Z', null), {
      depth: '1',
    });
    t.true(
      withProps(open.text).includes('series.ics'),
      'an endless series matches an open-ended query',
    );
    // obj-2 (1 March 2026) moved by the CRM to 2027: found there, not at the old date.
    const admin = await dav.gw.store.users.actor(1);
    const rec = (await dav.gw.store.records.list(admin!, 'Events', { limit: 1000 })).find(
      (r) => r.label === 'Test event',
    );
    if (!admin || !rec) return t.fail();
    await dav.gw.store.records.update(
      admin,
      'Events',
      rec.id,
      { values: { date_start: '2027-02-01', due_date: '2027-02-01' } },
      'revise',
    );
    const moved = await dav.req(
      'REPORT',
      EVENTS,
      queryBody('20270201T000000Z', '20270202T000000Z'),
      { depth: '1' },
    );
    const hrefs = responses(moved.text).map((r) => r.href);
    const at = await dav.req('GET', `${EVENTS}crm-${rec.id}.ics`);
    const named = hrefs.find((h) => h !== undefined && !h.endsWith('series.ics'));
    t.truthy(named, 'the moved event is found at its new date');
    const old = await dav.req('REPORT', EVENTS, queryBody('20260301T000000Z', '20260302T000000Z'), {
      depth: '1',
    });
    t.false(
      responses(old.text).some((r) => r.href === named),
      'and no longer at the old one',
    );
    t.is(at.status, 404, 'a client-named object answers only under its name');
  },
);

test.serial(
  'a record handed to another user in the CRM leaves the calendar as a 404 in the next sync',
  async (t) => {
    const before = tokenOf((await dav.req('REPORT', EVENTS, syncBody(''))).text);
    const rep = await dav.gw.store.users.create({
      userName: 'rep2',
      password: 'rep2-password-1',
      lastName: 'Rep',
    });
    const admin = await dav.gw.store.users.actor(1);
    const mine = (await dav.gw.store.records.list(admin!, 'Events', { limit: 1000 })).find(
      (r) => r.owner.id === 1,
    );
    if (!admin || !mine) return t.fail();
    const href = responses((await dav.req('REPORT', EVENTS, syncBody(''))).text).map((r) => r.href);
    await dav.gw.store.records.update(
      admin,
      'Events',
      mine.id,
      { values: {}, owner: { kind: 'user', id: rep.id } },
      'revise',
    );
    const after = await dav.req('REPORT', EVENTS, syncBody(before));
    const gone = responses(after.text)
      .filter((r) => r.status === 404)
      .map((r) => r.href);
    t.is(gone.length, 1);
    t.true(href.includes(gone[0] as string));
  },
);

// Discovery, OPTIONS, PROPFIND and authentication over HTTP (RFC 6764, RFC 5397, RFC 4791 §6).
import test from 'ava';
import { OAuthTokenRepository } from '../../../store/oauth/tokens.js';
import { BASIC, EVENTS, ICS, startDav, vevent, type Dav } from './dav-fixture.js';
import {
  caldavProp,
  csProp,
  davProp,
  errorOf,
  icalProp,
  propText,
  responseAt,
  responses,
} from '../../helpers/multistatus.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav();
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const CUP = '<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>';

test('well-known redirects to the context path', async (t) => {
  const r = await dav.req('PROPFIND', '/.well-known/caldav', CUP, { depth: '0' });
  t.is(r.status, 301);
  t.is(r.headers.get('location'), '/dav/');
});

test('OPTIONS advertises calendar-access and addressbook (RFC 6352 §6.1)', async (t) => {
  const r = await dav.req('OPTIONS', '/dav/');
  t.is(r.status, 200);
  t.is(r.headers.get('dav'), '1, 3, calendar-access, addressbook');
  t.regex(r.headers.get('allow') ?? '', /REPORT/);
});

for (const path of ['/', '/dav/', '/principals/']) {
  test(`current-user-principal on ${path}`, async (t) => {
    const r = await dav.req('PROPFIND', path, CUP, { depth: '0' });
    t.is(r.status, 207);
    t.deepEqual(responses(r.text)[0]?.props.get(davProp('current-user-principal'))?.hrefs, [
      '/dav/principals/admin/',
    ]);
  });
}

test('principal has calendar-home-set; home lists the events and tasks calendars', async (t) => {
  const p = await dav.req('PROPFIND', '/dav/principals/admin/', '', { depth: '0' });
  t.deepEqual(responses(p.text)[0]?.props.get(caldavProp('calendar-home-set'))?.hrefs, [
    '/dav/calendars/admin/',
  ]);
  const h = await dav.req('PROPFIND', '/dav/calendars/admin/', '', { depth: '1' });
  t.is(h.status, 207);
  const comps = (href: string): readonly string[] | undefined =>
    responseAt(h.text, href)?.props.get(caldavProp('supported-calendar-component-set'))?.names;
  t.deepEqual(comps(EVENTS), ['VEVENT']);
  t.deepEqual(comps('/dav/calendars/admin/tasks/'), ['VTODO']);
  t.regex(h.text, /<d:sync-collection\/>/);
  t.true(
    responses(h.text).every((r) => !r.props.has(davProp('sync-token'))),
    'sync-token is not in allprop',
  );
  t.truthy(propText(responseAt(h.text, EVENTS), csProp('getctag')));
});

test('unknown properties come back in a 404 propstat; propname lists names', async (t) => {
  const r = await dav.req(
    'PROPFIND',
    EVENTS,
    '<d:propfind xmlns:d="DAV:" xmlns:x="urn:x"><d:prop><d:sync-token/><x:nope/></d:prop></d:propfind>',
    { depth: '0' },
  );
  t.is(r.status, 207);
  const [cal] = responses(r.text);
  t.regex(propText(cal, davProp('sync-token')) ?? '', /^http:\/\/crm-gateway\/ns\/sync\/\d+$/);
  t.is(cal?.propStatus.get('{urn:x}nope'), 404);
  const n = await dav.req(
    'PROPFIND',
    EVENTS,
    '<d:propfind xmlns:d="DAV:"><d:propname/></d:propfind>',
    { depth: '0' },
  );
  t.true(responses(n.text)[0]?.props.has(csProp('getctag')));
});

test('no or wrong credentials: 401 with a Basic challenge; other users are refused', async (t) => {
  const none = await dav.req('PROPFIND', '/dav/', CUP, { authorization: '' });
  t.is(none.status, 401);
  t.regex(none.headers.get('www-authenticate') ?? '', /^Basic/);
  const wrong = await dav.req('PROPFIND', '/dav/', CUP, {
    authorization: 'Basic ' + Buffer.from('admin:nope').toString('base64'),
  });
  t.is(wrong.status, 401);
  const other = await dav.req('PROPFIND', '/dav/calendars/someone/', '', {
    depth: '0',
    authorization: BASIC,
  });
  t.is(other.status, 403);
});

test('access key works as the Basic password; Bearer tokens from the OAuth store', async (t) => {
  const admin = await dav.gw.store.users.findByUserName('admin');
  if (!admin) return t.fail('no admin');
  const key = await dav.req('PROPFIND', '/dav/', CUP, {
    depth: '0',
    authorization: 'Basic ' + Buffer.from(`admin:${admin.accessKey}`).toString('base64'),
  });
  t.is(key.status, 207);
  const bad = await dav.req('PROPFIND', '/dav/', CUP, {
    depth: '0',
    authorization: 'Bearer not-a-token',
  });
  t.is(bad.status, 401);
});

test('a read-only Bearer token reads but cannot write; a read write token can', async (t) => {
  const tokens = new OAuthTokenRepository(dav.gw.store.db.knex);
  const expiresAt = new Date(Date.now() + 3_600_000);
  await tokens.insertAccess({
    token: 'caldav-read-token-0123456789',
    userId: 1,
    scope: 'read',
    expiresAt,
  });
  await tokens.insertAccess({
    token: 'caldav-write-token-0123456789',
    userId: 1,
    scope: 'read write',
    expiresAt,
  });
  const read = { authorization: 'Bearer caldav-read-token-0123456789' };
  t.is((await dav.req('PROPFIND', EVENTS, '', { ...read, depth: '0' })).status, 207);
  t.is(
    (await dav.req('PUT', `${EVENTS}bearer.ics`, vevent('bearer@test'), { ...read, ...ICS }))
      .status,
    403,
  );
  const write = { authorization: 'Bearer caldav-write-token-0123456789' };
  t.is(
    (await dav.req('PUT', `${EVENTS}bearer.ics`, vevent('bearer@test'), { ...write, ...ICS }))
      .status,
    201,
  );
});

test.serial(
  'PROPPATCH stores name, colour, description and order per user; PROPFIND returns them; remove restores the default',
  async (t) => {
    const body =
      '<d:propertyupdate xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:i="http://apple.com/ns/ical/"><d:set><d:prop>' +
      '<d:displayname>Mine</d:displayname><i:calendar-color>#ff0000FF</i:calendar-color><c:calendar-description>My meetings</c:calendar-description>' +
      '<i:calendar-order>3</i:calendar-order></d:prop></d:set></d:propertyupdate>';
    const r = await dav.req('PROPPATCH', EVENTS, body);
    t.is(r.status, 207);
    t.deepEqual(
      [...(responses(r.text)[0]?.propStatus ?? [])],
      [
        [davProp('displayname'), 200],
        [icalProp('calendar-color'), 200],
        [caldavProp('calendar-description'), 200],
        [icalProp('calendar-order'), 200],
      ],
    );
    const ask =
      '<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:i="http://apple.com/ns/ical/"><d:prop><d:displayname/><i:calendar-color/><c:calendar-description/><i:calendar-order/></d:prop></d:propfind>';
    const p = await dav.req('PROPFIND', EVENTS, ask, { depth: '0' });
    const mine = responses(p.text)[0];
    t.is(propText(mine, davProp('displayname')), 'Mine');
    t.is(propText(mine, icalProp('calendar-color')), '#ff0000FF');
    t.is(propText(mine, caldavProp('calendar-description')), 'My meetings');
    t.is(propText(mine, icalProp('calendar-order')), '3');
    const tasks = await dav.req('PROPFIND', '/dav/calendars/admin/tasks/', ask, { depth: '0' });
    t.is(
      propText(responses(tasks.text)[0], davProp('displayname')),
      'CRM Tasks',
      'stored per calendar',
    );
    const rm = await dav.req(
      'PROPPATCH',
      EVENTS,
      '<d:propertyupdate xmlns:d="DAV:"><d:remove><d:prop><d:displayname/></d:prop></d:remove></d:propertyupdate>',
    );
    t.is(responses(rm.text)[0]?.propStatus.get(davProp('displayname')), 200);
    t.is(
      propText(
        responses((await dav.req('PROPFIND', EVENTS, ask, { depth: '0' })).text)[0],
        davProp('displayname'),
      ),
      'CRM Events',
    );
  },
);

test.serial(
  'PROPPATCH is all or nothing: a bad colour is 409, an unknown property 403, the rest 424 and nothing stored',
  async (t) => {
    const body =
      '<d:propertyupdate xmlns:d="DAV:" xmlns:i="http://apple.com/ns/ical/" xmlns:x="urn:x"><d:set><d:prop><d:displayname>Never</d:displayname>' +
      '<i:calendar-color>red</i:calendar-color><x:other>1</x:other></d:prop></d:set></d:propertyupdate>';
    const r = await dav.req('PROPPATCH', EVENTS, body);
    t.is(r.status, 207);
    t.deepEqual(
      [...(responses(r.text)[0]?.propStatus ?? [])],
      [
        [davProp('displayname'), 424],
        [icalProp('calendar-color'), 409],
        ['{urn:x}other', 403],
      ],
    );
    const p = await dav.req(
      'PROPFIND',
      EVENTS,
      '<d:propfind xmlns:d="DAV:"><d:prop><d:displayname/></d:prop></d:propfind>',
      { depth: '0' },
    );
    t.is(propText(responses(p.text)[0], davProp('displayname')), 'CRM Events');
    t.is((await dav.req('GET', EVENTS)).status, 405);
  },
);

test('MKCALENDAR is refused: calendars are fixed (405 on an existing one, 403 need-privileges elsewhere)', async (t) => {
  const existing = await dav.req('MKCALENDAR', EVENTS);
  t.is(existing.status, 405);
  t.regex(existing.headers.get('allow') ?? '', /PROPFIND/, 'a 405 names the allowed methods');
  const unknown = await dav.req('COPY', EVENTS);
  t.is(unknown.status, 405);
  t.regex(unknown.headers.get('allow') ?? '', /REPORT/);
  const fresh = await dav.req('MKCALENDAR', '/dav/calendars/admin/new-one/');
  t.is(fresh.status, 403);
  t.is(errorOf(fresh.text), davProp('need-privileges'));
  t.regex(fresh.text, /fixed/);
});

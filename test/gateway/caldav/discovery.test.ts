// Discovery, OPTIONS, PROPFIND and authentication over HTTP (RFC 6764, RFC 5397, RFC 4791 §6).
import test from 'ava';
import { OAuthTokenRepository } from '../../../store/oauth/tokens.js';
import { BASIC, EVENTS, ICS, startDav, vevent, type Dav } from './dav-fixture.js';

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

test('OPTIONS advertises calendar-access', async (t) => {
  const r = await dav.req('OPTIONS', '/dav/');
  t.is(r.status, 200);
  t.is(r.headers.get('dav'), '1, 3, calendar-access');
  t.regex(r.headers.get('allow') ?? '', /REPORT/);
});

for (const path of ['/', '/dav/', '/principals/']) {
  test(`current-user-principal on ${path}`, async (t) => {
    const r = await dav.req('PROPFIND', path, CUP, { depth: '0' });
    t.is(r.status, 207);
    t.regex(r.text, /<d:current-user-principal><d:href>\/dav\/principals\/admin\/<\/d:href>/);
  });
}

test('principal has calendar-home-set; home lists the events and tasks calendars', async (t) => {
  const p = await dav.req('PROPFIND', '/dav/principals/admin/', '', { depth: '0' });
  t.regex(p.text, /<c:calendar-home-set><d:href>\/dav\/calendars\/admin\/<\/d:href>/);
  const h = await dav.req('PROPFIND', '/dav/calendars/admin/', '', { depth: '1' });
  t.is(h.status, 207);
  t.regex(h.text, /<c:comp name="VEVENT"\/>/);
  t.regex(h.text, /<c:comp name="VTODO"\/>/);
  t.regex(h.text, /<d:sync-collection\/>/);
  t.notRegex(h.text, /<d:sync-token>/, 'sync-token is not in allprop');
});

test('unknown properties come back in a 404 propstat; propname lists names', async (t) => {
  const r = await dav.req(
    'PROPFIND',
    EVENTS,
    '<d:propfind xmlns:d="DAV:" xmlns:x="urn:x"><d:prop><d:sync-token/><x:nope/></d:prop></d:propfind>',
    { depth: '0' },
  );
  t.is(r.status, 207);
  t.regex(r.text, /<d:sync-token>http:\/\/crm-gateway\/ns\/sync\/\d+<\/d:sync-token>/);
  t.regex(r.text, /<nope xmlns="urn:x"\/><\/d:prop><d:status>HTTP\/1.1 404 Not Found/);
  const n = await dav.req(
    'PROPFIND',
    EVENTS,
    '<d:propfind xmlns:d="DAV:"><d:propname/></d:propfind>',
    { depth: '0' },
  );
  t.regex(n.text, /<cs:getctag\/>/);
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
    t.regex(
      r.text,
      /<d:displayname\/><ical:calendar-color[^>]*\/><c:calendar-description[^>]*\/><ical:calendar-order[^>]*\/><\/d:prop><d:status>HTTP\/1.1 200 OK/,
    );
    const ask =
      '<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:i="http://apple.com/ns/ical/"><d:prop><d:displayname/><i:calendar-color/><c:calendar-description/><i:calendar-order/></d:prop></d:propfind>';
    const p = await dav.req('PROPFIND', EVENTS, ask, { depth: '0' });
    t.regex(p.text, /<d:displayname>Mine<\/d:displayname>/);
    t.regex(p.text, /<ical:calendar-color>#ff0000FF<\/ical:calendar-color>/);
    t.regex(p.text, /<c:calendar-description>My meetings<\/c:calendar-description>/);
    t.regex(p.text, /<ical:calendar-order>3<\/ical:calendar-order>/);
    const tasks = await dav.req('PROPFIND', '/dav/calendars/admin/tasks/', ask, { depth: '0' });
    t.regex(tasks.text, /<d:displayname>CRM Tasks<\/d:displayname>/, 'stored per calendar');
    const rm = await dav.req(
      'PROPPATCH',
      EVENTS,
      '<d:propertyupdate xmlns:d="DAV:"><d:remove><d:prop><d:displayname/></d:prop></d:remove></d:propertyupdate>',
    );
    t.regex(rm.text, /HTTP\/1.1 200 OK/);
    t.regex(
      (await dav.req('PROPFIND', EVENTS, ask, { depth: '0' })).text,
      /<d:displayname>CRM Events<\/d:displayname>/,
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
    t.regex(r.text, /<d:displayname\/><\/d:prop><d:status>HTTP\/1.1 424 Failed Dependency/);
    t.regex(r.text, /calendar-color[^>]*\/><\/d:prop><d:status>HTTP\/1.1 409 Conflict/);
    t.regex(r.text, /<other xmlns="urn:x"\/><\/d:prop><d:status>HTTP\/1.1 403 Forbidden/);
    const p = await dav.req(
      'PROPFIND',
      EVENTS,
      '<d:propfind xmlns:d="DAV:"><d:prop><d:displayname/></d:prop></d:propfind>',
      { depth: '0' },
    );
    t.notRegex(p.text, /Never/);
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
  t.regex(fresh.text, /<d:need-privileges\/>/);
  t.regex(fresh.text, /fixed/);
});

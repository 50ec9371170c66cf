// Read-only calendars of the user's groups in the home (RFC 4791 §4.2; RFC 3744 §5.4 privileges,
// §7.1.1 need-privileges): listed by PROPFIND, served by every report, refused for writes with the
// store unchanged; a user outside the group does not see them.
import test from 'ava';
import { ICS, queryBody, startDav, syncBody, tokenOf, vevent, type Dav } from './dav-fixture.js';
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
import { teamMeeting } from './team-meeting.js';

let dav: Dav;
let groupId = 0;
let recordId = 0;
const auth = (user: string): Record<string, string> => ({
  authorization: 'Basic ' + Buffer.from(`${user}:${user}-password-1`).toString('base64'),
});

test.before(async () => {
  dav = await startDav();
  const { store } = dav.gw;
  const rep = await store.users.create({
    userName: 'rep',
    password: 'rep-password-1',
    lastName: 'Rep',
  });
  await store.users.create({ userName: 'other', password: 'other-password-1', lastName: 'Other' });
  const group = await store.groups.create('Sales');
  groupId = group.id;
  await store.groups.addMember(group.id, rep.id);
  const admin = await store.users.actor(1);
  if (!admin) throw new Error('no admin');
  recordId = await teamMeeting(store, admin, group.id);
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

const groupCal = (): string => `/dav/calendars/rep/group-${groupId}-events/`;

async function eventRows(): Promise<number> {
  return Number(
    (
      await dav.gw.store.db
        .knex('crm_entities')
        .where({ module: 'Events', deleted: false })
        .count<{ n: number }[]>({ n: '*' })
    )[0]?.n ?? -1,
  );
}

test.serial(
  'the home lists the group calendars with read-only privileges and the group name',
  async (t) => {
    const r = await dav.req('PROPFIND', '/dav/calendars/rep/', '', { depth: '1', ...auth('rep') });
    t.is(r.status, 207);
    const groupEvents = responseAt(r.text, `/dav/calendars/rep/group-${groupId}-events/`);
    t.truthy(responseAt(r.text, `/dav/calendars/rep/group-${groupId}-tasks/`));
    t.is(propText(groupEvents, davProp('displayname')), 'Sales (Events)');
    const privs = await dav.req(
      'PROPFIND',
      groupCal(),
      '<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-privilege-set/></d:prop></d:propfind>',
      { depth: '0', ...auth('rep') },
    );
    const privSet = responses(privs.text)[0]?.props.get(davProp('current-user-privilege-set'));
    t.deepEqual(privSet?.children, [davProp('privilege')]);
    t.regex(privs.text, /<d:privilege><d:read\/><\/d:privilege>/);
    const own = await dav.req(
      'PROPFIND',
      '/dav/calendars/rep/events/',
      '<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-privilege-set/></d:prop></d:propfind>',
      { depth: '0', ...auth('rep') },
    );
    t.is(
      responses(own.text)[0]?.props.get(davProp('current-user-privilege-set'))?.children.length,
      6,
      'read, write, write-properties, write-content, bind, unbind',
    );
    t.regex(own.text, /<d:write-content\/>/);
  },
);

test.serial('reports and GET serve the group records', async (t) => {
  const name = `crm-${recordId}.ics`;
  const q = await dav.req('REPORT', groupCal(), queryBody('20260401T000000Z', '20260402T000000Z'), {
    depth: '1',
    ...auth('rep'),
  });
  t.deepEqual(withProps(q.text), [name]);
  t.regex(
    propText(responseAt(q.text, name), caldavProp('calendar-data')) ?? '',
    /SUMMARY:Team meeting/,
  );
  const multiget =
    '<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop>' +
    `<d:href>${groupCal()}${name}</d:href><d:href>${groupCal()}crm-999999.ics</d:href></c:calendar-multiget>`;
  const m = await dav.req('REPORT', groupCal(), multiget, { depth: '1', ...auth('rep') });
  t.regex(propText(responseAt(m.text, name), davProp('getetag')) ?? '', /^"/);
  t.deepEqual(withStatus(m.text, 404), ['crm-999999.ics']);
  const initial = await dav.req('REPORT', groupCal(), syncBody(''), auth('rep'));
  t.deepEqual(withProps(initial.text), [name]);
  const admin = await dav.gw.store.users.actor(1);
  if (!admin) return t.fail();
  await dav.gw.store.records.update(
    admin,
    'Events',
    recordId,
    { values: { subject: 'Team meeting (moved)' } },
    'revise',
  );
  const next = await dav.req('REPORT', groupCal(), syncBody(tokenOf(initial.text)), auth('rep'));
  t.deepEqual(withProps(next.text), [name]);
  t.is((await dav.req('GET', `${groupCal()}${name}`, undefined, auth('rep'))).status, 200);
  t.is(
    (await dav.req('GET', `/dav/calendars/rep/events/${name}`, undefined, auth('rep'))).status,
    404,
    'not in the own calendar',
  );
});

test.serial('writes to a group calendar are 403 need-privileges and change nothing', async (t) => {
  const before = await eventRows();
  const put = await dav.req('PUT', `${groupCal()}new.ics`, vevent('group-new@test'), {
    ...ICS,
    ...auth('rep'),
  });
  t.is(put.status, 403);
  t.is(errorOf(put.text), davProp('need-privileges'));
  const del = await dav.req('DELETE', `${groupCal()}crm-${recordId}.ics`, undefined, auth('rep'));
  t.is(del.status, 403);
  const patch = await dav.req(
    'PROPPATCH',
    groupCal(),
    '<d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>X</d:displayname></d:prop></d:set></d:propertyupdate>',
    auth('rep'),
  );
  t.is(responses(patch.text)[0]?.propStatus.get(davProp('displayname')), 403);
  t.is(await eventRows(), before);
  t.is(
    (await dav.req('GET', `${groupCal()}crm-${recordId}.ics`, undefined, auth('rep'))).status,
    200,
  );
});

test.serial('a user outside the group sees no group calendar', async (t) => {
  const home = await dav.req('PROPFIND', '/dav/calendars/other/', '', {
    depth: '1',
    ...auth('other'),
  });
  t.notRegex(home.text, /group-/);
  const r = await dav.req(
    'REPORT',
    `/dav/calendars/other/group-${groupId}-events/`,
    syncBody(''),
    auth('other'),
  );
  t.is(r.status, 404);
});

// Profile rights on CalDAV (README.md "### Roles and profiles", gateway/caldav/README.md): a user
// whose profile may not create Events gets 403 on a new PUT, one that may not delete gets 403 on
// DELETE, and the store is left unchanged in both cases.
import test from 'ava';
import { startDav, vevent, ICS, type Dav } from './dav-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav();
  const store = dav.gw.store;
  const readOnly = await store.roles.createProfile('Calendar readers', 'Events:view;*:view');
  const noDelete = await store.roles.createProfile('No delete', 'Events:view,create,edit;*:view');
  const readers = await store.roles.createRole('Readers', [readOnly.id], null);
  const editors = await store.roles.createRole('Editors', [noDelete.id], null);
  await store.users.create({ userName: 'rita', password: 'rita-password-1', roleId: readers.id });
  await store.users.create({ userName: 'ed', password: 'ed-password-1', roleId: editors.id });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

function as(user: string, password: string): Record<string, string> {
  return { authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') };
}

async function eventCount(): Promise<number> {
  const [row] = await dav.gw.store.db
    .knex('crm_entities')
    .where({ module: 'Events', deleted: false })
    .count<{ n: number | string }[]>({ n: '*' });
  return Number(row?.n ?? 0);
}

test.serial('a profile without create on Events: PUT of a new event is 403', async (t) => {
  const before = await eventCount();
  const put = await dav.req('PUT', '/dav/calendars/rita/events/new.ics', vevent('rita-1@test'), {
    ...ICS,
    ...as('rita', 'rita-password-1'),
  });
  t.is(put.status, 403);
  t.is(await eventCount(), before);
});

test.serial('a profile without delete on Events: DELETE is 403, the event stays', async (t) => {
  const ed = as('ed', 'ed-password-1');
  const path = '/dav/calendars/ed/events/mine.ics';
  const put = await dav.req('PUT', path, vevent('ed-1@test'), { ...ICS, ...ed });
  t.is(put.status, 201);
  const before = await eventCount();
  const del = await dav.req('DELETE', path, undefined, ed);
  t.is(del.status, 403);
  t.is(await eventCount(), before);
  t.is((await dav.req('GET', path, undefined, ed)).status, 200);
});

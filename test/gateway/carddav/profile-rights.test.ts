// Profile rights on CardDAV (README.md "### Roles and profiles"): a user whose profile may view
// but not create Contacts gets 403 on a new card and the store is unchanged; one whose profile
// may not view Contacts sees an empty address book even where sharing opens every record.
import test from 'ava';
import { startDav, vcard3, VCF, type Dav } from './card-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav();
  const store = dav.gw.store;
  const viewOnly = await store.roles.createProfile('Contact readers', 'Contacts:view;*:view');
  const none = await store.roles.createProfile('No contacts', 'Contacts:;*:view');
  const readers = await store.roles.createRole('Readers', [viewOnly.id], null);
  const blind = await store.roles.createRole('Blind', [none.id], null);
  await store.users.create({ userName: 'rita', password: 'rita-password-1', roleId: readers.id });
  await store.users.create({ userName: 'bo', password: 'bo-password-1', roleId: blind.id });
  const admin = await store.users.actor(1);
  if (admin) await store.records.create(admin, 'Contacts', { values: { lastname: 'Shared' } });
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

function as(user: string, password: string): Record<string, string> {
  return { authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') };
}

async function contactCount(): Promise<number> {
  const [row] = await dav.gw.store.db
    .knex('crm_entities')
    .where({ module: 'Contacts', deleted: false })
    .count<{ n: number | string }[]>({ n: '*' });
  return Number(row?.n ?? 0);
}

test.serial('a profile without create on Contacts: PUT of a new card is 403', async (t) => {
  const before = await contactCount();
  const put = await dav.req(
    'PUT',
    '/dav/addressbooks/rita/contacts/new.vcf',
    vcard3('rita-1@test'),
    { ...VCF, ...as('rita', 'rita-password-1') },
  );
  t.is(put.status, 403);
  t.is(await contactCount(), before);
});

test.serial('a profile without view on Contacts lists no card', async (t) => {
  const listing = await dav.req('PROPFIND', '/dav/addressbooks/bo/all/', undefined, {
    depth: '1',
    ...as('bo', 'bo-password-1'),
  });
  t.true([207, 404].includes(listing.status), String(listing.status));
  t.false(listing.text.includes('.vcf'));
  const asAdmin = await dav.req('PROPFIND', '/dav/addressbooks/admin/all/', undefined, {
    depth: '1',
  });
  t.true(asAdmin.text.includes('.vcf'));
});

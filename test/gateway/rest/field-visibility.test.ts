// Field visibility per profile on the webservice (README.md "### Roles and profiles",
// gateway/rest/module-rights.ts, gateway/rest/query-field-rules.ts): hidden fields leave
// describe, retrieve, query and sync, a query naming one answers ACCESS_DENIED, writes to hidden
// and read-only fields are ignored (refused in strict mode), several profiles show a field if one
// shows it, and related lists need the view right on the related module.
import anyTest, { type TestFn } from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import {
  adminClient,
  bobClient,
  createBob,
  restGateway,
  storeCounts,
} from '../../helpers/rest-fixture.js';
import { VtigerClient } from '../../helpers/vtiger-client.js';

interface Ctx {
  gw: TestGateway;
  admin: VtigerClient;
  bob: VtigerClient;
  contactId: string;
}

const test = anyTest as TestFn<Ctx>;

async function fieldRole(gw: TestGateway, name: string, extraProfile: boolean): Promise<number> {
  const roles = gw.store.roles;
  const hiding = await roles.createProfile(`${name} hiding`, '*:view,create,edit,delete');
  await roles.setProfileFields(hiding.id, 'Contacts', 'mobile,email', 'title');
  const ids = [hiding.id];
  if (extraProfile) ids.push((await roles.createProfile(`${name} showing`, '*:view')).id);
  return (await roles.createRole(name, ids, null)).id;
}

test.before(async (t) => {
  const gw = await restGateway();
  const admin = await adminClient(gw);
  await gw.store.roles.setUserRole(await createBob(gw.store), await fieldRole(gw, 'Sales', false));
  const bob = await bobClient(gw);
  const contact = await admin.doCreate('Contacts', {
    lastname: 'Hidden',
    mobile: '+49 170 1',
    email: 'h@example.com',
    title: 'Chief',
  });
  if (!contact) throw new Error('contact not created');
  t.context = { gw, admin, bob, contactId: contact.id ?? '' };
});

test.after.always(async (t) => {
  await t.context.gw?.dispose();
});

function fieldNames(describe: Record<string, unknown> | false): string[] {
  if (!describe) return [];
  return (describe.fields as { name: string }[]).map((f) => f.name);
}

test.serial('describe omits hidden fields and marks read-only ones not editable', async (t) => {
  const { admin, bob } = t.context;
  const mine = await bob.doDescribe('Contacts');
  t.false(fieldNames(mine).includes('mobile'));
  t.false(fieldNames(mine).includes('email'));
  const title = mine ? (mine.fields as { name: string; editable: boolean }[]) : [];
  t.is(title.find((f) => f.name === 'title')?.editable, false);
  t.is(title.find((f) => f.name === 'lastname')?.editable, true);
  const all = await admin.doDescribe('Contacts');
  t.true(fieldNames(all).includes('mobile'), 'admins see every field');
  t.true(fieldNames(await bob.doDescribe('Leads')).includes('email'), 'other modules unchanged');
});

test.serial('retrieve, query and sync leave hidden fields out', async (t) => {
  const { bob, contactId } = t.context;
  const record = await bob.doRetrieve(contactId);
  if (!record) return t.fail(JSON.stringify(bob.lastError));
  t.false('mobile' in record);
  t.false('email' in record);
  t.is(record.title, 'Chief');
  const rows = await bob.doQuery("SELECT * FROM Contacts WHERE lastname = 'Hidden';");
  if (!rows) return t.fail(JSON.stringify(bob.lastError));
  t.is(rows.length, 1);
  t.false('mobile' in (rows[0] ?? {}));
  // sync answers the caller's own records (syncType user).
  const own = await bob.doCreate('Contacts', { lastname: 'Synced' });
  const synced = await bob.doSync(0, 'Contacts');
  if (!own || !synced) return t.fail(JSON.stringify(bob.lastError));
  const row = synced.updated.find((r) => r.id === own.id);
  t.truthy(row);
  t.false('email' in (row ?? {}));
  t.is(row?.lastname, 'Synced');
});

test.serial('a query naming a hidden field answers ACCESS_DENIED', async (t) => {
  const { bob } = t.context;
  t.false(await bob.doQuery('SELECT mobile FROM Contacts;'));
  t.deepEqual(bob.lastError, {
    code: 'ACCESS_DENIED',
    message: 'Permission to access mobile attribute denied.',
  });
  t.false(await bob.doQuery("SELECT lastname FROM Contacts WHERE email LIKE 'h%';"));
  t.deepEqual(bob.lastError, {
    code: 'ACCESS_DENIED',
    message: 'Permission to access email attribute denied.',
  });
  t.false(await bob.doQuery('SELECT lastname FROM Contacts ORDER BY mobile;'));
  t.is(bob.lastError?.code, 'ACCESS_DENIED');
});

test.serial('writes to hidden and read-only fields are ignored', async (t) => {
  const { admin, bob, contactId } = t.context;
  const revised = await bob.doRevise({
    id: contactId,
    mobile: '000',
    title: 'Nobody',
    firstname: 'Ada',
  });
  t.truthy(revised, JSON.stringify(bob.lastError));
  const after = await admin.doRetrieve(contactId);
  t.like(after, { mobile: '+49 170 1', title: 'Chief', firstname: 'Ada' });
  const created = await bob.doCreate('Contacts', { lastname: 'New', email: 'x@example.com' });
  if (!created) return t.fail(JSON.stringify(bob.lastError));
  t.like(await admin.doRetrieve(created.id ?? ''), { lastname: 'New', email: '' });
});

test.serial('several profiles: a field is visible if one profile shows it', async (t) => {
  const { gw, contactId } = t.context;
  const role = await fieldRole(gw, 'Mixed', true);
  const dave = await gw.store.users.create({
    userName: 'dave',
    password: 'dave-password-1',
    accessKey: 'daveAccessKey012345',
    roleId: role,
  });
  const client = new VtigerClient(gw.url);
  t.true(await client.doLogin(dave.userName, 'daveAccessKey012345'));
  const record = await client.doRetrieve(contactId);
  if (!record) return t.fail(JSON.stringify(client.lastError));
  t.true('mobile' in record && 'email' in record);
  const described = await client.doDescribe('Contacts');
  const fields = described ? (described.fields as { name: string; editable: boolean }[]) : [];
  t.is(fields.find((f) => f.name === 'title')?.editable, true, 'the second profile may write it');
});

test.serial('related lists need the view right on the related module', async (t) => {
  const { gw, admin } = t.context;
  const account = await admin.doCreate('Accounts', { accountname: 'Holder' });
  if (!account) return t.fail();
  await admin.doCreate('Contacts', { lastname: 'Related', account_id: account.id ?? '' });
  const profile = await gw.store.roles.createProfile('Accounts only', 'Accounts:view');
  const role = await gw.store.roles.createRole('Accounts reader', [profile.id], null);
  const carol = await gw.store.users.create({
    userName: 'carol',
    password: 'carol-password-1',
    accessKey: 'carolAccessKey01234',
    roleId: role.id,
  });
  const client = new VtigerClient(gw.url);
  t.true(await client.doLogin(carol.userName, 'carolAccessKey01234'));
  const denied = {
    code: 'ACCESS_DENIED',
    message: 'Permission to perform the operation is denied',
  };
  const related = await client.get({
    operation: 'retrieve_related',
    id: account.id ?? '',
    relatedType: 'Contacts',
    relatedLabel: 'Contacts',
  });
  t.deepEqual(related.error, denied);
  const queried = await client.get({
    operation: 'query_related',
    id: account.id ?? '',
    relatedLabel: 'Contacts',
    query: 'SELECT lastname FROM Contacts',
  });
  t.deepEqual(queried.error, denied);
});

test.serial('bad field rules are refused and change nothing', async (t) => {
  const { gw } = t.context;
  const profile = await gw.store.roles.createProfile('Checked', '*:view');
  const before = await storeCounts(gw.store);
  for (const [module, hidden, readonly] of [
    ['Contacts', 'nosuchfield', ''],
    ['Contacts', 'lastname', ''],
    ['Contacts', '', 'lastname'],
    ['Contacts', 'mobile', 'mobile'],
    ['Nowhere', 'mobile', ''],
  ] as const) {
    await t.throwsAsync(gw.store.roles.setProfileFields(profile.id, module, hidden, readonly));
  }
  t.deepEqual(await gw.store.roles.profileFields(profile.id), {});
  t.deepEqual(await storeCounts(gw.store), before);
});

test('strict fields: writing a hidden or read-only field is refused by name', async (t) => {
  const gw = await restGateway({ GATEWAY_WS_STRICT_FIELDS: 'true' });
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  await gw.store.roles.setUserRole(await createBob(gw.store), await fieldRole(gw, 'Strict', false));
  const bob = await bobClient(gw);
  const contact = await admin.doCreate('Contacts', { lastname: 'Strict', title: 'Chief' });
  if (!contact) return t.fail();
  t.false(await bob.doRevise({ id: contact.id ?? '', title: 'Nobody' }));
  t.is(bob.lastError?.code, 'ACCESS_DENIED');
  t.regex(bob.lastError?.message ?? '', /title/);
  t.like(await admin.doRetrieve(contact.id ?? ''), { title: 'Chief' });
});

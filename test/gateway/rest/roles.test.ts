// Profile rights on the webservice (README.md "### Roles and profiles", gateway/rest/
// module-rights.ts): a profile with `Contacts:view,create,edit,delete;*:view` may do everything on
// Contacts and only read elsewhere; describe's flags say so, listtypes leaves out what it may not
// view, and refused writes answer vtiger 8.2's ACCESS_DENIED messages and change nothing.
import anyTest, { type TestFn } from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import {
  adminClient,
  bobClient,
  createBob,
  restGateway,
  storeCounts,
} from '../../helpers/rest-fixture.js';
import type { VtigerClient } from '../../helpers/vtiger-client.js';

interface Ctx {
  gw: TestGateway;
  admin: VtigerClient;
  bob: VtigerClient;
  leadId: string;
}

const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const gw = await restGateway();
  const admin = await adminClient(gw);
  const profile = await gw.store.roles.createProfile(
    'Sales',
    'Contacts:view,create,edit,delete;*:view',
  );
  const role = await gw.store.roles.createRole('Sales rep', [profile.id], null);
  await gw.store.roles.setUserRole(await createBob(gw.store), role.id);
  const bob = await bobClient(gw);
  const lead = await admin.doCreate('Leads', { lastname: 'Shown', company: 'Acme' });
  if (!lead) throw new Error('lead not created');
  t.context = { gw, admin, bob, leadId: lead.id ?? '' };
});

test.after.always(async (t) => {
  await t.context.gw?.dispose();
});

test.serial('describe tells the truth about what the profile allows', async (t) => {
  const { bob, admin } = t.context;
  t.like(await bob.doDescribe('Contacts'), {
    createable: true,
    updateable: true,
    deleteable: true,
    retrieveable: true,
  });
  t.like(await bob.doDescribe('Leads'), {
    createable: false,
    updateable: false,
    deleteable: false,
    retrieveable: true,
  });
  t.like(await admin.doDescribe('Leads'), { createable: true, deleteable: true });
});

test.serial(
  'writes the profile does not allow answer ACCESS_DENIED and change nothing',
  async (t) => {
    const { gw, bob, leadId } = t.context;
    const before = await storeCounts(gw.store);
    t.false(await bob.doCreate('Leads', { lastname: 'Refused', company: 'X' }));
    t.deepEqual(bob.lastError, { code: 'ACCESS_DENIED', message: 'Permission to write is denied' });
    t.false(await bob.doRevise({ id: leadId, company: 'Changed' }));
    t.deepEqual(bob.lastError, { code: 'ACCESS_DENIED', message: 'Permission to write is denied' });
    t.false(await bob.doDelete(leadId));
    t.deepEqual(bob.lastError, {
      code: 'ACCESS_DENIED',
      message: 'Permission to delete is denied',
    });
    t.deepEqual(await storeCounts(gw.store), before);
    const lead = await bob.doRetrieve(leadId);
    t.is(lead && lead.company, 'Acme');
    const rows = await bob.doQuery("SELECT lastname FROM Leads WHERE lastname = 'Shown';");
    t.is(rows && rows.length, 1);
  },
);

test.serial('Contacts: the profile allows create, edit and delete', async (t) => {
  const { bob } = t.context;
  const contact = await bob.doCreate('Contacts', { lastname: 'Mine' });
  t.truthy(contact);
  const id = contact ? (contact.id ?? '') : '';
  t.truthy(await bob.doRevise({ id, firstname: 'Ada' }));
  t.true(await bob.doDelete(id));
});

test.serial('a module the profile may not view is left out of listtypes and refused', async (t) => {
  const { gw, leadId } = t.context;
  const none = await gw.store.roles.createProfile('Contacts only', 'Contacts:view');
  const role = await gw.store.roles.createRole('Contacts reader', [none.id], null);
  const carol = await gw.store.users.create({
    userName: 'carol',
    password: 'carol-password-1',
    accessKey: 'carolAccessKey01234',
    roleId: role.id,
  });
  const { VtigerClient } = await import('../../helpers/vtiger-client.js');
  const client = new VtigerClient(gw.url);
  t.true(await client.doLogin(carol.userName, 'carolAccessKey01234'));
  const types = await client.get({ operation: 'listtypes' });
  const listed = (types.result as { types: string[] }).types;
  t.true(listed.includes('Contacts'));
  t.false(listed.includes('Leads'));
  t.true(listed.includes('Users'));
  const denied = {
    code: 'ACCESS_DENIED',
    message: 'Permission to perform the operation is denied',
  };
  t.false(await client.doRetrieve(leadId));
  t.deepEqual(client.lastError, denied);
  t.false(await client.doDescribe('Leads'));
  t.deepEqual(client.lastError, denied);
  t.false(await client.doQuery('SELECT lastname FROM Leads;'));
  t.deepEqual(client.lastError, denied);
  t.false(await client.doSync(0, 'Leads'));
  t.deepEqual(client.lastError, denied);
  t.like(await client.doDescribe('Contacts'), { createable: false, retrieveable: true });
});

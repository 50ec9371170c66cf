// Users' descriptive fields as vtiger 8.2 answers them (gateway/rest/README.md, Users and Groups):
// title, department and the phones in describe, retrieve and query, "" when empty, set from the
// console or `user set-details`; never a secret.
import test from 'ava';
import { adminClient, bobClient, createBob, restGateway } from '../../helpers/rest-fixture.js';

const DETAILS = [
  'title',
  'department',
  'phone_work',
  'phone_mobile',
  'phone_home',
  'phone_other',
  'phone_fax',
];

test('Users describe, retrieve and query carry title, department and phones', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const bobId = await createBob(gw.store);
  await gw.store.users.update(bobId, {
    details: { title: 'Sales rep', department: 'Sales', phoneWork: '+1 555 0100' },
  });
  const admin = await adminClient(gw);
  const bob = await bobClient(gw);

  const described = await bob.doDescribe('Users');
  if (!described) return t.fail(JSON.stringify(bob.lastError));
  const fields = described.fields as { name: string; type: { name: string } }[];
  for (const name of DETAILS)
    t.truthy(
      fields.find((f) => f.name === name),
      name,
    );
  t.is(fields.find((f) => f.name === 'phone_mobile')?.type.name, 'phone');

  const me = await admin.doRetrieve(bob.userId ?? '');
  t.like(me, {
    title: 'Sales rep',
    department: 'Sales',
    phone_work: '+1 555 0100',
    phone_mobile: '',
    phone_fax: '',
  });
  const rows = await bob.doQuery(
    "SELECT user_name, title, department, phone_work FROM Users WHERE department = 'sales';",
  );
  t.deepEqual(rows, [
    {
      user_name: 'bob',
      title: 'Sales rep',
      department: 'Sales',
      phone_work: '+1 555 0100',
      id: bob.userId,
    },
  ]);
});

// Users and Groups over VTQL as vtiger 8.2 answers them (gateway/rest/README.md §3): any
// authenticated user queries them, as clients map assigned_user_id to names; Users records carry
// vtiger's user fields and never a secret (no password hash, no access key).
import test from 'ava';
import { adminClient, bobClient, BOB_ACCESS_KEY } from '../../helpers/rest-fixture.js';
import { restGateway } from '../../helpers/rest-fixture.js';

test('a non-admin queries Users and Groups; no secret is ever sent', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const bob = await bobClient(gw);
  await gw.store.groups.create('Sales', 'the sales team');
  await gw.store.groups.create('Support');

  const users = await bob.doQuery(
    'SELECT user_name, first_name, last_name, email1, is_admin, status FROM Users;',
  );
  if (!users) return t.fail(JSON.stringify(bob.lastError));
  t.deepEqual(users, [
    {
      user_name: 'admin',
      first_name: '',
      last_name: 'Administrator',
      email1: '',
      is_admin: 'on',
      status: 'Active',
      id: admin.userId,
    },
    {
      user_name: 'bob',
      first_name: '',
      last_name: 'Bobson',
      email1: '',
      is_admin: 'off',
      status: 'Active',
      id: bob.userId,
    },
  ]);
  t.deepEqual(await bob.doQuery("SELECT user_name FROM Users WHERE user_name = 'BOB';"), [
    { user_name: 'bob', id: bob.userId },
  ]);
  t.deepEqual(await bob.doQuery('SELECT count(*) FROM Users;'), [{ count: '2' }]);
  const groups = await bob.doQuery('SELECT groupname FROM Groups ORDER BY groupname DESC;');
  if (!groups) return t.fail(JSON.stringify(bob.lastError));
  t.deepEqual(
    groups.map((g) => g.groupname),
    ['Support', 'Sales'],
  );

  const all = await bob.doQuery('SELECT * FROM Users;');
  if (!all) return t.fail(JSON.stringify(bob.lastError));
  const text = JSON.stringify(all);
  t.false(text.includes(BOB_ACCESS_KEY));
  for (const row of all) {
    t.false('accesskey' in row);
    t.false('user_password' in row);
    t.like(row, { date_format: 'yyyy-mm-dd', hour_format: '24', language: 'en_us' });
  }
  const me = await bob.doRetrieve(bob.userId ?? '');
  if (!me) return t.fail(JSON.stringify(bob.lastError));
  t.like(me, { user_name: 'bob', time_zone: 'UTC', date_format: 'yyyy-mm-dd' });
  t.false(JSON.stringify(me).includes(BOB_ACCESS_KEY));
});

test('describe Users lists the user fields and no secret', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const bob = await bobClient(gw);
  const described = await bob.doDescribe('Users');
  if (!described) return t.fail(JSON.stringify(bob.lastError));
  const names = (described.fields as { name: string }[]).map((f) => f.name);
  for (const name of ['user_name', 'first_name', 'last_name', 'email1', 'is_admin', 'status'])
    t.true(names.includes(name), name);
  for (const name of ['time_zone', 'date_format', 'hour_format', 'language'])
    t.true(names.includes(name), name);
  t.false(names.some((n) => /password|accesskey/i.test(n)));
});

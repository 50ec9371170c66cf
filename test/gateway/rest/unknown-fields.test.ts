// Unknown fields in a webservice element, as vtiger 8.2 treats them (gateway/rest/README.md §4):
// create, update and revise ignore them, so a record read from vtiger (with fields the gateway
// does not have) can be written back whole; GATEWAY_WS_STRICT_FIELDS=true refuses them by name.
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('create, update and revise ignore fields the module does not have', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const created = await admin.doCreate('Contacts', {
    lastname: 'Lovelace',
    cf_851: 'a custom field of another install',
    no_such_field: 'x',
  });
  if (!created) return t.fail(JSON.stringify(admin.lastError));
  t.is(created.lastname, 'Lovelace');
  t.false('no_such_field' in created);
  t.false('cf_851' in created);

  const updated = await admin.doUpdate({ ...created, title: 'Countess', cf_851: 'y' });
  if (!updated) return t.fail(JSON.stringify(admin.lastError));
  t.is(updated.title, 'Countess');
  t.false('cf_851' in updated);

  const revised = await admin.doRevise({ id: created.id ?? '', department: 'R&D', other: 'z' });
  if (!revised) return t.fail(JSON.stringify(admin.lastError));
  t.is(revised.department, 'R&D');
  t.is(revised.title, 'Countess');

  const hostile = await admin.post({
    operation: 'revise',
    element: `{"id":"${created.id ?? ''}","__proto__":{"lastname":"polluted"},"x; DROP TABLE users":"1"}`,
  });
  t.true(hostile.success, JSON.stringify(hostile.error));
  t.like(hostile.result, { lastname: 'Lovelace' });
  t.is(({} as Record<string, unknown>).lastname, undefined);
});

test('GATEWAY_WS_STRICT_FIELDS=true refuses an unknown field by name and stores nothing', async (t) => {
  const gw = await restGateway({ GATEWAY_WS_STRICT_FIELDS: 'true' });
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const answer = await admin.post({
    operation: 'create',
    elementType: 'Contacts',
    element: JSON.stringify({ lastname: 'Typo', lastnmae: 'x', assigned_user_id: admin.userId }),
  });
  t.false(answer.success);
  t.is(answer.error?.code, 'ACCESS_DENIED');
  t.regex(answer.error?.message ?? '', /Contacts has no field lastnmae/);
  t.deepEqual(await admin.doQuery('SELECT lastname FROM Contacts;'), []);
});

// The `label` key vtiger 8.2 adds to a whole record (its crmentity label: the module's name
// fields joined, "Mary Smith" for a contact), after `id`, on create, retrieve, update, revise and
// `SELECT *` rows; a query naming its columns gets only those. A record written back with its
// label is accepted, also in strict mode (gateway/rest/README.md §4 "Values").
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('records carry vtiger 8.2’s label key after id', async (t) => {
  const gw = await restGateway({ GATEWAY_WS_STRICT_FIELDS: 'true' });
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const created = await admin.doCreate('Contacts', { firstname: 'Mary', lastname: 'Smith' });
  if (!created) return t.fail(JSON.stringify(admin.lastError));
  t.is(created.label, 'Mary Smith');
  t.deepEqual(Object.keys(created).slice(-2), ['id', 'label']);
  const read = await admin.doRetrieve(created.id ?? '');
  if (!read) return t.fail(JSON.stringify(admin.lastError));
  t.is(read.label, 'Mary Smith');
  const updated = await admin.doUpdate({ ...read, lastname: 'Jones' });
  if (!updated) return t.fail(JSON.stringify(admin.lastError));
  t.is(updated.label, 'Mary Jones');
  const rows = await admin.doQuery('SELECT * FROM Contacts;');
  t.is(rows && rows[0]?.label, 'Mary Jones');
  t.deepEqual(await admin.doQuery('SELECT lastname FROM Contacts;'), [
    { lastname: 'Jones', id: created.id },
  ]);
  const account = await admin.doCreate('Accounts', { accountname: 'Acme' });
  t.is(account && account.label, 'Acme');
});

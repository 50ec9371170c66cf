// Empty and numeric values as vtiger 8.2 sends them (gateway/rest/README.md §4): an empty
// reference field is null (not ""), an empty date is null in query results, and probability and
// quantities carry vtiger's three decimals ("10.000", "2.000"; "0.000" when empty). A record read
// this way can be written back unchanged.
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('empty references are null everywhere; empty dates are null in query results', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const created = await admin.post({
    operation: 'create',
    elementType: 'Contacts',
    element: JSON.stringify({ lastname: 'Alone', assigned_user_id: admin.userId }),
  });
  t.true(created.success, JSON.stringify(created.error));
  const answer = created.result as Record<string, string | null>;
  t.is(answer.account_id, null);
  const id = answer.id ?? '';
  const retrieved = (await admin.get({ operation: 'retrieve', id })).result as Record<
    string,
    string | null
  >;
  t.is(retrieved.account_id, null);
  t.is(retrieved.birthday, '', 'retrieve keeps "" for an empty date, as vtiger');
  const rows = await admin.doQuery('SELECT lastname, account_id, birthday FROM Contacts;');
  t.deepEqual(rows, [{ lastname: 'Alone', account_id: null, birthday: null, id }]);

  const written = await admin.post({
    operation: 'update',
    element: JSON.stringify({ ...retrieved, title: 'Solo' }),
  });
  t.true(written.success, JSON.stringify(written.error));
  t.like(written.result, { title: 'Solo', account_id: null });
});

test('probability and quantity in stock carry three decimals, as vtiger', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const deal = await admin.doCreate('Potentials', {
    potentialname: 'Deal',
    closingdate: '2030-01-01',
    sales_stage: 'Prospecting',
    probability: '10',
  });
  const product = await admin.doCreate('Products', { productname: 'Gear', qtyinstock: '2' });
  const bare = await admin.doCreate('Products', { productname: 'Bare' });
  if (!deal || !product || !bare) return t.fail(JSON.stringify(admin.lastError));
  t.is(deal.probability, '10.000');
  t.is(product.qtyinstock, '2.000');
  t.is(bare.qtyinstock, '0.000');
  t.deepEqual(await admin.doQuery('SELECT probability FROM Potentials;'), [
    { probability: '10.000', id: deal.id },
  ]);
  t.deepEqual(await admin.doQuery('SELECT qtyinstock FROM Products ORDER BY productname;'), [
    { qtyinstock: '0.000', id: bare.id },
    { qtyinstock: '2.000', id: product.id },
  ]);
});

test('line item quantities carry three decimals, as vtiger ("2.000")', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Buyer' });
  const product = await admin.doCreate('Products', { productname: 'Gear', unit_price: '9.99' });
  if (!account || !product) return t.fail(JSON.stringify(admin.lastError));
  const created = await admin.post({
    operation: 'create',
    elementType: 'Invoice',
    element: JSON.stringify({
      subject: 'Invoice 1',
      account_id: account.id,
      assigned_user_id: admin.userId,
      LineItems: [{ productid: product.id, quantity: '2', listprice: '9.99' }],
    }),
  });
  t.true(created.success, JSON.stringify(created.error));
  const id = (created.result as Record<string, string>).id ?? '';
  const inventory = (await admin.get({ operation: 'retrieve_inventory', id })).result as {
    LineItems: Record<string, string>[];
  };
  t.is(inventory.LineItems[0]?.quantity, '2.000');
});

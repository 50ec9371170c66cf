// Related lists named as vtiger 8.2 names them (vtiger_relatedlists.label: "Sales Order",
// "Activities", "Contacts", "Potentials" …; gateway/rest/README.md §2 "Related lists"):
// relatedtypes answers those labels, and retrieve_related, query_related and add_related accept
// them as well as the gateway's earlier module labels ("Opportunities", "Sales Orders").
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('relatedtypes answers vtiger 8.2 relation labels', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const accounts = (await admin.get({ operation: 'relatedtypes', elementType: 'Accounts' }))
    .result as { types: string[]; information: Record<string, unknown> };
  t.like(accounts.information, {
    Contacts: { name: 'Contacts', label: 'Contacts', isEntity: '1' },
    Potentials: { name: 'Potentials', label: 'Potentials', isEntity: '1' },
    'Sales Order': { name: 'SalesOrder', label: 'Sales Order', isEntity: '1' },
    Invoice: { name: 'Invoice', label: 'Invoice', isEntity: '1' },
    HelpDesk: { name: 'HelpDesk', label: 'HelpDesk', isEntity: '1' },
    Activities: { name: 'Calendar', label: 'Activities', isEntity: '1' },
  });
  t.true(accounts.types.includes('SalesOrder'));
  const products = (await admin.get({ operation: 'relatedtypes', elementType: 'Products' }))
    .result as { information: Record<string, unknown> };
  t.like(products.information, {
    Accounts: { name: 'Accounts', label: 'Accounts' },
    Variants: { name: 'Products', label: 'Variants' },
  });
});

test('retrieve_related, query_related and add_related accept vtiger labels and the earlier names', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const created = await admin.doCreate('Accounts', { accountname: 'Holder' });
  if (!created || !created.id) return t.fail(JSON.stringify(admin.lastError));
  const account = { id: created.id };
  const task = await admin.doCreate('Calendar', {
    subject: 'Call back',
    date_start: '2030-01-01',
    parent_id: account.id,
  });
  if (!task) return t.fail(JSON.stringify(admin.lastError));
  const deal = await admin.doCreate('Potentials', {
    potentialname: 'Deal',
    closingdate: '2030-01-01',
    sales_stage: 'Prospecting',
    related_to: account.id,
  });
  const contact = await admin.doCreate('Contacts', { lastname: 'Linked' });
  if (!deal || !contact) return t.fail(JSON.stringify(admin.lastError));

  const activities = await admin.get({
    operation: 'retrieve_related',
    id: account.id,
    relatedType: 'Calendar',
    relatedLabel: 'Activities',
  });
  t.true(activities.success, JSON.stringify(activities.error));
  t.deepEqual(
    (activities.result as { id: string }[]).map((r) => r.id),
    [task.id],
  );
  for (const relatedLabel of ['Potentials', 'Opportunities']) {
    const queried = await admin.get({
      operation: 'query_related',
      id: account.id,
      relatedLabel,
      query: 'SELECT potentialname FROM Potentials',
    });
    t.deepEqual(queried.result, [{ potentialname: 'Deal', id: deal.id }], relatedLabel);
  }
  const orders = await admin.get({
    operation: 'retrieve_related',
    id: account.id,
    relatedType: 'SalesOrder',
    relatedLabel: 'Sales Order',
  });
  t.deepEqual(orders, { success: true, result: [] });

  const added = await admin.post({
    operation: 'add_related',
    sourceRecordId: account.id,
    relatedRecordId: contact.id ?? '',
    relationIdLabel: 'Contacts',
  });
  t.true(added.success, JSON.stringify(added.error));
  const linked = await admin.post({
    operation: 'add_related',
    sourceRecordId: deal.id ?? '',
    relatedRecordId: contact.id ?? '',
    relationIdLabel: 'Contacts',
  });
  t.true(linked.success, JSON.stringify(linked.error));
  const dealContacts = await admin.get({
    operation: 'query_related',
    id: deal.id ?? '',
    relatedLabel: 'Contacts',
    query: 'SELECT lastname FROM Contacts;',
  });
  t.deepEqual(dealContacts.result, [{ lastname: 'Linked', id: contact.id }]);
  const wrong = await admin.post({
    operation: 'add_related',
    sourceRecordId: account.id,
    relatedRecordId: contact.id ?? '',
    relationIdLabel: 'Sales Order',
  });
  t.is(wrong.error?.code, 'UNKOWN_ENTITY', 'a label of another module is refused');
});

// convertlead, related lists and inventory records on /webservice.php (gateway/rest/README.md §2).
import test from 'ava';
import {
  adminClient,
  form,
  rawCall,
  restGateway,
  storeCounts,
} from '../../helpers/rest-fixture.js';

test('convertlead creates the records from the lead, links them, and refuses a second conversion', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const lead = await admin.doCreate('Leads', {
    firstname: 'Ada',
    lastname: 'Lovelace',
    company: 'Analytical Engines',
    email: 'ada@example.org',
    city: 'London',
    annualrevenue: '5000',
  });
  if (!lead) return t.fail(JSON.stringify(admin.lastError));
  const element = {
    leadId: lead.id,
    assignedTo: admin.userId,
    entities: {
      Accounts: { create: true, name: 'Accounts' },
      Contacts: { create: true, name: 'Contacts', title: 'Countess' },
      Potentials: {
        create: true,
        name: 'Potentials',
        potentialname: 'Engine',
        closingdate: '2030-01-01',
        sales_stage: 'Prospecting',
        amount: '100',
      },
    },
  };
  const before = await storeCounts(gw.store);
  const failing = await admin.post({
    operation: 'convertlead',
    element: JSON.stringify({
      ...element,
      entities: {
        ...element.entities,
        Potentials: { create: true, name: 'Potentials', potentialname: 'No date' },
      },
    }),
  });
  t.is(failing.error?.code, 'MANDATORY_FIELDS_MISSING');
  const after = await storeCounts(gw.store);
  t.is(
    after.crm_entities,
    before.crm_entities,
    'records created before the failure are purged again',
  );
  t.is(after.lead_conversions, before.lead_conversions);

  const converted = await admin.post({
    operation: 'convertlead',
    element: JSON.stringify(element),
  });
  t.true(converted.success, JSON.stringify(converted.error));
  const ids = converted.result as Record<string, string>;
  t.deepEqual(Object.keys(ids), ['Accounts', 'Contacts', 'Potentials']);
  const account = await admin.doRetrieve(ids.Accounts ?? '');
  t.like(account, {
    accountname: 'Analytical Engines',
    email1: 'ada@example.org',
    bill_city: 'London',
    annual_revenue: '5000.00000000',
  });
  const contact = await admin.doRetrieve(ids.Contacts ?? '');
  t.like(contact, {
    firstname: 'Ada',
    lastname: 'Lovelace',
    title: 'Countess',
    account_id: ids.Accounts,
    mailingcity: 'London',
  });
  t.like(await admin.doRetrieve(ids.Potentials ?? ''), {
    potentialname: 'Engine',
    related_to: ids.Accounts,
    contact_id: ids.Contacts,
  });

  const again = await admin.post({ operation: 'convertlead', element: JSON.stringify(element) });
  t.deepEqual(again.error, {
    code: 'LEAD_ALREADY_CONVERTED',
    message: 'Lead is already converted',
  });
  const lonePotential = await admin.doCreate('Leads', { lastname: 'Solo' });
  const invalid = await admin.post({
    operation: 'convertlead',
    element: JSON.stringify({
      leadId: lonePotential && lonePotential.id,
      entities: {
        Potentials: {
          create: true,
          potentialname: 'x',
          closingdate: '2030-01-01',
          sales_stage: 'Prospecting',
        },
      },
    }),
  });
  t.is(invalid.error?.code, 'INVALID_POTENTIAL_FOR_CONVERTLEAD');
  const notLead = await admin.post({
    operation: 'convertlead',
    element: JSON.stringify({ leadId: ids.Contacts, entities: { Contacts: { create: true } } }),
  });
  t.is(notLead.error?.code, 'INVALID_ID_ATTRIBUTE');
});

test('add_related, retrieve_related and query_related', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Holder' });
  const byReference = await admin.doCreate('Contacts', {
    lastname: 'Referenced',
    account_id: account ? (account.id ?? '') : '',
  });
  const linkedA = await admin.doCreate('Contacts', { lastname: 'Linked A' });
  const linkedB = await admin.doCreate('Contacts', { lastname: 'Linked B' });
  const unrelated = await admin.doCreate('Contacts', { lastname: 'Unrelated' });
  if (!account || !byReference || !linkedA || !linkedB || !unrelated) return t.fail();
  const added = await admin.post({
    operation: 'add_related',
    sourceRecordId: account.id ?? '',
    relatedRecordId: JSON.stringify([linkedA.id, linkedB.id]),
    relationIdLabel: 'Contacts',
  });
  t.deepEqual(added, { success: true, result: { message: 'successfull' } });
  const bare = await admin.post({
    operation: 'add_related',
    sourceRecordId: account.id ?? '',
    relatedRecordId: linkedA.id ?? '',
  });
  t.true(bare.success, 'a bare id is accepted and linking twice is harmless');

  const related = await admin.get({
    operation: 'retrieve_related',
    id: account.id ?? '',
    relatedType: 'Contacts',
    relatedLabel: 'Contacts',
  });
  t.deepEqual((related.result as { lastname: string }[]).map((r) => r.lastname).sort(), [
    'Linked A',
    'Linked B',
    'Referenced',
  ]);
  const queried = await admin.get({
    operation: 'query_related',
    id: account.id ?? '',
    relatedLabel: 'Contacts',
    query: "SELECT lastname FROM Contacts WHERE lastname LIKE 'Linked%' ORDER BY lastname DESC",
  });
  t.deepEqual(queried.result, [
    { lastname: 'Linked B', id: linkedB.id },
    { lastname: 'Linked A', id: linkedA.id },
  ]);
  const counted = await admin.get({
    operation: 'query_related',
    id: account.id ?? '',
    relatedLabel: 'Contacts',
    query: 'SELECT count(*) FROM Contacts;',
  });
  t.deepEqual(counted.result, [{ count: '3' }]);
  const none = await admin.get({
    operation: 'retrieve_related',
    id: unrelated.id ?? '',
    relatedType: 'Potentials',
    relatedLabel: 'Opportunities',
  });
  t.deepEqual(none.result, []);
  const wrong = await admin.post({
    operation: 'add_related',
    sourceRecordId: account.id ?? '',
    relatedRecordId: linkedA.id ?? '',
    relationIdLabel: 'Invoices',
  });
  t.is(wrong.error?.code, 'UNKOWN_ENTITY');
});

test('retrieve_inventory returns the record with its LineItems; create takes LineItems', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Buyer' });
  const product = await admin.doCreate('Products', { productname: 'Gear', unit_price: '9.99' });
  const service = await admin.doCreate('Services', { servicename: 'Setup' });
  if (!account || !product || !service) return t.fail();
  const order = await rawCall(gw, {
    body: form({
      operation: 'create',
      sessionName: admin.sessionName ?? '',
      elementType: 'Invoice',
      element: JSON.stringify({
        subject: 'Invoice 1',
        account_id: account.id,
        assigned_user_id: '19x1',
        LineItems: [
          { productid: product.id, quantity: 3, listprice: '9.99' },
          { productid: service.id, quantity: '1', listprice: '50', comment: 'on site' },
        ],
      }),
    }),
  });
  t.true(order.success, JSON.stringify(order.error));
  const id = (order.result as Record<string, string>).id ?? '';
  const inv = (await admin.get({ operation: 'retrieve_inventory', id })).result as Record<
    string,
    unknown
  >;
  t.is(inv.hdnSubTotal, '79.97000000');
  const lines = inv.LineItems as Record<string, string>[];
  t.deepEqual(
    lines.map((l) => l.productid),
    [product.id, service.id],
  );
  t.is(lines[1]?.comment, 'on site');
  t.is(Object.keys(inv).at(-1), 'LineItems_FinalDetails');
  const badLine = await admin.post({
    operation: 'create',
    elementType: 'Invoice',
    element: JSON.stringify({
      subject: 'x',
      account_id: account.id,
      assigned_user_id: '19x1',
      LineItems: [{ productid: account.id, quantity: '1' }],
    }),
  });
  t.is(badLine.error?.code, 'REFERENCE_INVALID');
});

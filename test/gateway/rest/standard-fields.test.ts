// The standard fields of vtiger 8.2's modules that clients send and read (README "Answers as
// vtiger 8.2 gives them"): they are stored and returned, `source` is "WEBSERVICE" on what the
// webservice creates, and field length limits hold for them (store/records/field-limits.ts).
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('Contacts keep vtiger 8.2 fields; source is WEBSERVICE and cannot be set', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const created = await admin.doCreate('Contacts', {
    lastname: 'Lovelace',
    assistant: 'Babbage',
    assistantphone: '+44 20 1234',
    reference: '1',
    notify_owner: '0',
    portal: '0',
    support_start_date: '2030-01-01',
    support_end_date: '2031-01-01',
    otherpobox: 'PO 7',
    source: 'CRM',
    starred: '1',
    tags: 'vip',
  });
  if (!created) return t.fail(JSON.stringify(admin.lastError));
  t.like(created, {
    assistant: 'Babbage',
    assistantphone: '+44 20 1234',
    reference: '1',
    support_start_date: '2030-01-01',
    support_end_date: '2031-01-01',
    otherpobox: 'PO 7',
    source: 'WEBSERVICE',
    starred: '1',
    tags: 'vip',
  });
  const revised = await admin.doRevise({ id: created.id ?? '', source: 'CRM', assistant: 'Ada' });
  if (!revised) return t.fail(JSON.stringify(admin.lastError));
  t.like(revised, { source: 'WEBSERVICE', assistant: 'Ada' });
  t.deepEqual(await admin.doQuery("SELECT assistant FROM Contacts WHERE source = 'WEBSERVICE';"), [
    { assistant: 'Ada', id: created.id },
  ]);
});

test('Products, Services, SalesOrder, Invoice, Quotes, HelpDesk, Events take vtiger 8.2 fields', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const product = await admin.doCreate('Products', {
    productname: 'Gear',
    purchase_cost: '5',
    glacct: '301-Sales-Hardware',
    productsheet: 'sheet.pdf',
    tax1: '20',
  });
  if (!product) return t.fail(JSON.stringify(admin.lastError));
  t.like(product, {
    glacct: '301-Sales-Hardware',
    productsheet: 'sheet.pdf',
    source: 'WEBSERVICE',
  });
  t.is(Number(product.purchase_cost), 5);
  t.is(Number(product.tax1), 20);
  const service = await admin.doCreate('Services', { servicename: 'Setup', purchase_cost: '7' });
  if (!service) return t.fail(JSON.stringify(admin.lastError));
  t.is(Number(service.purchase_cost), 7);

  const account = await admin.doCreate('Accounts', { accountname: 'Acme' });
  if (!account) return t.fail(JSON.stringify(admin.lastError));
  const orderAnswer = await admin.post({
    operation: 'create',
    elementType: 'SalesOrder',
    element: JSON.stringify({
      subject: 'Order',
      account_id: account.id,
      sostatus: 'Created',
      invoicestatus: 'AutoCreated',
      enable_recurring: '0',
      payment_duration: 'Net 30 days',
      hdnS_H_Percent: '0',
      assigned_user_id: admin.userId,
      LineItems: [{ productid: product.id, quantity: '1', listprice: '10' }],
    }),
  });
  t.true(orderAnswer.success, JSON.stringify(orderAnswer.error));
  const order = orderAnswer.result as Record<string, unknown> | undefined;
  if (!order) return t.fail(JSON.stringify(admin.lastError));
  t.like(order, { invoicestatus: 'AutoCreated', payment_duration: 'Net 30 days' });
  const invoice = await admin.doCreate('Invoice', {
    subject: 'Bill',
    account_id: account.id ?? '',
    received: '3',
    balance: '7',
  });
  if (!invoice) return t.fail(JSON.stringify(admin.lastError));
  t.is(Number(invoice.received), 3);
  t.is(Number(invoice.balance), 7);
  const quote = await admin.doCreate('Quotes', {
    subject: 'Offer',
    account_id: account.id ?? '',
    quotestage: 'Created',
    assigned_user_id1: admin.userId ?? '',
  });
  if (!quote) return t.fail(JSON.stringify(admin.lastError));
  t.is(quote.assigned_user_id1, admin.userId ?? undefined);
  const ticket = await admin.doCreate('HelpDesk', {
    ticket_title: 'Broken',
    ticketstatus: 'Open',
    from_portal: '0',
  });
  if (!ticket) return t.fail(JSON.stringify(admin.lastError));
  t.is(ticket.from_portal, '0');
  const event = await admin.doCreate('Events', {
    subject: 'Call',
    date_start: '2030-01-01',
    time_start: '10:00:00',
    due_date: '2030-01-01',
    time_end: '11:00:00',
    eventstatus: 'Planned',
    activitytype: 'Call',
    notime: '0',
  });
  if (!event) return t.fail(JSON.stringify(admin.lastError));
  t.is(event.notime, '0');
});

test('a too long value of a new field is refused by name and stores nothing', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const answer = await admin.post({
    operation: 'create',
    elementType: 'Contacts',
    element: JSON.stringify({
      lastname: 'Long',
      assistant: 'a'.repeat(256),
      assigned_user_id: admin.userId,
    }),
  });
  t.false(answer.success);
  t.regex(answer.error?.message ?? '', /assistant/);
  t.deepEqual(await admin.doQuery('SELECT lastname FROM Contacts;'), []);
});

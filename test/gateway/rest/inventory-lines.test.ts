// Inventory records as vtiger 8.2 answers them (gateway/rest/README.md §2 "Inventory records",
// VtigerInventoryOperation): retrieve of SalesOrder, Invoice and Quotes carries LineItems,
// productid and LineItems_FinalDetails; create/update/revise take LineItems as vtiger clients send
// them, recompute the totals, and answer hdnSubTotal, hdnGrandTotal and pre_tax_total as numbers.
import test, { type ExecutionContext } from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

async function salesOrder(t: ExecutionContext, gw: TestGateway): Promise<void> {
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Buyer' });
  const product = await admin.doCreate('Products', {
    productname: 'Gear',
    productcode: 'G-1',
    unit_price: '12',
    purchase_cost: '4',
  });
  const service = await admin.doCreate('Services', { servicename: 'Setup', unit_price: '50' });
  if (!account || !product || !service) return t.fail(JSON.stringify(admin.lastError));
  const created = await admin.post({
    operation: 'create',
    elementType: 'SalesOrder',
    element: JSON.stringify({
      subject: 'SO 1',
      account_id: account.id,
      sostatus: 'Created',
      invoicestatus: 'AutoCreated',
      assigned_user_id: admin.userId,
      productid: product.id,
      LineItems: [
        { productid: product.id, quantity: '2', listprice: '10', tax1: '10', comment: 'first' },
        { productid: service.id, quantity: '1', listprice: '50', discount_percent: '10' },
      ],
    }),
  });
  t.true(created.success, JSON.stringify(created.error));
  const answer = created.result as Record<string, unknown>;
  // vtiger's create answers these three totals as numbers.
  t.is(answer.hdnSubTotal, 65);
  t.is(answer.pre_tax_total, 65);
  t.is(typeof answer.hdnGrandTotal, 'number');
  const id = String(answer.id);
  const record = (await admin.get({ operation: 'retrieve', id })).result as Record<string, unknown>;
  t.is(record.hdnSubTotal, '65.00000000');
  t.deepEqual(Object.keys(record).slice(-5), [
    'id',
    'label',
    'LineItems',
    'productid',
    'LineItems_FinalDetails',
  ]);
  t.is(record.productid, product.id);
  const lines = record.LineItems as Record<string, string | null>[];
  t.is(lines.length, 2);
  t.like(lines[0], {
    parent_id: id,
    productid: product.id,
    product_name: 'Gear',
    entity_type: 'Products',
    sequence_no: '1',
    quantity: '2.000',
    listprice: '10.00000000',
    discount_percent: null,
    discount_amount: null,
    comment: 'first',
    tax1: '10.000',
    tax2: null,
    incrementondel: '1',
    purchase_cost: '8.00000000',
    margin: '12.00000000',
    deleted: '0',
  });
  t.regex(lines[0]?.id ?? '', /^33x\d+$/);
  t.like(lines[1], {
    productid: service.id,
    sequence_no: '2',
    discount_percent: '10.000',
    incrementondel: '0',
    margin: '45.00000000',
  });
  const details = record.LineItems_FinalDetails as Record<string, Record<string, unknown>>;
  t.deepEqual(Object.keys(details), ['1', '2']);
  t.like(details['1'], {
    hdnProductId1: product.id?.split('x')[1],
    productName1: 'Gear',
    hdnProductcode1: 'G-1',
    qty1: '2',
    listPrice1: '10.00',
    unitPrice1: '12.00',
    productTotal1: '20.00',
    netPrice1: '20.00',
    entityType1: 'Products',
    productDeleted1: false,
  });
  t.like(details['2'], {
    discount_type2: 'percentage',
    discountTotal2: '5.00',
    totalAfterDiscount2: '45.00',
    entityType2: 'Services',
  });
  t.like(details['1']?.final_details as Record<string, unknown>, {
    taxtype: 'group',
    discount_type_final: 'zero',
    hdnSubTotal: '65.00',
    preTaxTotal: '65.00',
  });
  // retrieve_inventory answers the same record.
  t.deepEqual((await admin.get({ operation: 'retrieve_inventory', id })).result, record);
}

test('retrieve of a SalesOrder carries LineItems and LineItems_FinalDetails as vtiger 8.2', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  await salesOrder(t, gw);
});

test('the same SalesOrder answer on PostgreSQL', async (t) => {
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  const gw = await restGateway({ GATEWAY_DATABASE_URL: pg.url });
  t.teardown(() => gw.dispose());
  await salesOrder(t, gw);
});

test('update and revise take vtiger LineItems, recompute totals and accept a retrieved record back', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const account = await admin.doCreate('Accounts', { accountname: 'Buyer' });
  const product = await admin.doCreate('Products', { productname: 'Gear', unit_price: '10' });
  if (!account || !product) return t.fail(JSON.stringify(admin.lastError));
  const created = await admin.post({
    operation: 'create',
    elementType: 'Quotes',
    element: JSON.stringify({
      subject: 'Q',
      account_id: account.id,
      quotestage: 'Created',
      assigned_user_id: admin.userId,
      LineItems: [{ productid: product.id, quantity: '1', listprice: '10' }],
    }),
  });
  t.true(created.success, JSON.stringify(created.error));
  const id = String((created.result as Record<string, unknown>).id);
  const read = (await admin.get({ operation: 'retrieve', id })).result as Record<string, unknown>;
  const lines = read.LineItems as Record<string, unknown>[];
  // A client edits the retrieved record and sends it back whole, as vtiger clients do.
  const updated = await admin.post({
    operation: 'update',
    element: JSON.stringify({
      ...read,
      LineItems: [{ ...lines[0], quantity: '3' }],
    }),
  });
  t.true(updated.success, JSON.stringify(updated.error));
  const answer = updated.result as Record<string, unknown>;
  t.is(answer.hdnSubTotal, 30);
  t.is((answer.LineItems as Record<string, string>[])[0]?.quantity, '3.000');
  const revised = await admin.post({
    operation: 'revise',
    element: JSON.stringify({ id, subject: 'Q2' }),
  });
  t.true(revised.success, JSON.stringify(revised.error));
  const kept = revised.result as Record<string, unknown>;
  // No lines sent: the lines stay and the totals keep vtiger's string form.
  t.is(kept.hdnSubTotal, '30.00000000');
  t.is((kept.LineItems as unknown[]).length, 1);
  const bad = await admin.post({
    operation: 'revise',
    element: JSON.stringify({
      id,
      LineItems: [{ productid: product.id, quantity: '1', tax1: 'ten' }],
    }),
  });
  t.false(bad.success);
  t.is(
    ((await admin.get({ operation: 'retrieve', id })).result as Record<string, unknown>)
      .hdnSubTotal,
    '30.00000000',
  );
});

test('describe lists vtiger 8.2’s line-item fields on inventory modules; strict mode accepts them back', async (t) => {
  const gw = await restGateway({ GATEWAY_WS_STRICT_FIELDS: 'true' });
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  for (const module of ['SalesOrder', 'Invoice', 'Quotes']) {
    const body = (await admin.doDescribe(module)) as
      | {
          fields: {
            name: string;
            mandatory: boolean;
            type: { name: string; refersTo?: string[] };
          }[];
        }
      | false;
    if (!body) return t.fail(JSON.stringify(admin.lastError));
    const byName = new Map(body.fields.map((f) => [f.name, f]));
    t.like(byName.get('productid'), {
      mandatory: true,
      type: { name: 'reference', refersTo: ['Products', 'Services'] },
    });
    for (const name of ['quantity', 'listprice', 'comment', 'discount_amount', 'discount_percent'])
      t.true(byName.has(name), `${module}.${name}`);
    t.is(body.fields.at(-1)?.name, 'id');
  }
  const account = await admin.doCreate('Accounts', { accountname: 'Buyer' });
  const product = await admin.doCreate('Products', { productname: 'Gear' });
  if (!account || !product) return t.fail(JSON.stringify(admin.lastError));
  const created = await admin.post({
    operation: 'create',
    elementType: 'Invoice',
    element: JSON.stringify({
      subject: 'I',
      account_id: account.id,
      assigned_user_id: admin.userId,
      productid: product.id,
      quantity: '1',
      listprice: '3',
      LineItems: [{ productid: product.id, quantity: '1', listprice: '3' }],
    }),
  });
  t.true(created.success, JSON.stringify(created.error));
  const id = String((created.result as Record<string, unknown>).id);
  const read = (await admin.get({ operation: 'retrieve', id })).result as Record<string, unknown>;
  const back = await admin.post({ operation: 'update', element: JSON.stringify(read) });
  t.true(back.success, JSON.stringify(back.error));
});

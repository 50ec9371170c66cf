// SalesOrder lines lower their products' stock as vtiger 8.2 does (store/records/inventory-stock.ts,
// gateway/rest/README.md §2 "Inventory records"): once per line, by the difference when the lines
// are rewritten, given back on delete and taken again on restore; Services and Quotes move
// nothing; GATEWAY_SALESORDER_STOCK=false turns it off; a refused write moves nothing.
import test, { type ExecutionContext } from 'ava';
import { adminActor } from '../../../gateway/currencies/cli-actor.js';
import type { TestGateway } from '../../helpers/gateway.js';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';
import type { VtigerClient } from '../../helpers/vtiger-client.js';

async function stockOf(admin: VtigerClient, id: string): Promise<string | undefined> {
  return ((await admin.doRetrieve(id)) || {}).qtyinstock;
}

async function setUp(admin: VtigerClient) {
  const account = await admin.doCreate('Accounts', { accountname: 'Buyer' });
  const product = await admin.doCreate('Products', { productname: 'Gear', qtyinstock: '10' });
  const service = await admin.doCreate('Services', { servicename: 'Setup' });
  if (!account || !product || !service) throw new Error(JSON.stringify(admin.lastError));
  return { account: account.id ?? '', product: product.id ?? '', service: service.id ?? '' };
}

function order(
  account: string,
  lines: { productid: string; quantity: string }[],
  module = 'SalesOrder',
): Record<string, string> {
  return {
    operation: 'create',
    elementType: module,
    element: JSON.stringify({
      subject: 'SO',
      account_id: account,
      sostatus: 'Created',
      quotestage: 'Created',
      assigned_user_id: '19x1',
      LineItems: lines.map((l) => ({ ...l, listprice: '5' })),
    }),
  };
}

async function lifecycle(t: ExecutionContext, gw: TestGateway): Promise<void> {
  const admin = await adminClient(gw);
  const { account, product, service } = await setUp(admin);
  const created = await admin.post(
    order(account, [
      { productid: product, quantity: '3' },
      { productid: service, quantity: '4' },
    ]),
  );
  t.true(created.success, JSON.stringify(created.error));
  const id = String((created.result as Record<string, unknown>).id);
  t.is(await stockOf(admin, product), '7.000');
  // A revise without lines moves nothing.
  t.true(
    (await admin.post({ operation: 'revise', element: JSON.stringify({ id, subject: 'SO 2' }) }))
      .success,
  );
  t.is(await stockOf(admin, product), '7.000');
  // New lines: 3 given back, 5 taken.
  const revised = await admin.post({
    operation: 'revise',
    element: JSON.stringify({
      id,
      LineItems: [{ productid: product, quantity: '5', listprice: '5' }],
    }),
  });
  t.true(revised.success, JSON.stringify(revised.error));
  t.is(await stockOf(admin, product), '5.000');
  // A refused rewrite (quantity 0) leaves stock and lines as they were.
  const refused = await admin.post({
    operation: 'revise',
    element: JSON.stringify({ id, LineItems: [{ productid: product, quantity: '0' }] }),
  });
  t.false(refused.success);
  t.is(await stockOf(admin, product), '5.000');
  t.true((await admin.post({ operation: 'delete', id })).success);
  t.is(await stockOf(admin, product), '10.000');
  // Deleting again changes nothing.
  await admin.post({ operation: 'delete', id });
  t.is(await stockOf(admin, product), '10.000');
  const numericId = Number(id.split('x')[1]);
  await gw.store.recycleBin.restore(await adminActor(gw.store), [numericId]);
  t.is(await stockOf(admin, product), '5.000');
  // Quotes never move stock.
  t.true(
    (await admin.post(order(account, [{ productid: product, quantity: '2' }], 'Quotes'))).success,
  );
  t.is(await stockOf(admin, product), '5.000');
}

test('SalesOrder lines lower stock once, by the difference on update, back on delete and again on restore (SQLite)', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  await lifecycle(t, gw);
});

test('SalesOrder lines lower stock the same way on PostgreSQL', async (t) => {
  const pg = await freshPgDatabase();
  if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
  t.teardown(() => pg.drop());
  const gw = await restGateway({ GATEWAY_DATABASE_URL: pg.url });
  t.teardown(() => gw.dispose());
  await lifecycle(t, gw);
});

test('GATEWAY_SALESORDER_STOCK=false leaves stock alone', async (t) => {
  const gw = await restGateway({ GATEWAY_SALESORDER_STOCK: 'false' });
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const { account, product } = await setUp(admin);
  const created = await admin.post(order(account, [{ productid: product, quantity: '3' }]));
  t.true(created.success, JSON.stringify(created.error));
  t.is(await stockOf(admin, product), '10.000');
  const lines = (created.result as { LineItems: Record<string, string>[] }).LineItems;
  t.is(lines[0]?.incrementondel, '0');
});

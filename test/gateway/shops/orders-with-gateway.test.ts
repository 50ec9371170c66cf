// Orders with the gateway's own /1c_exchange.php as the shop (sync/shop/README.md §5): an order
// placed "on the site" arrives as a SalesOrder owned by the responsible user, its line on the
// pushed product, its account created; an unknown site status stores nothing and is never
// acknowledged, so the next run gets the same order; a CRM change goes back as orders-<uuid>.xml.
import test from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import { adminActor } from '../commerceml/one-c-client.js';
import { pushCatalog } from '../../../sync/shop/catalog-push.js';
import { exchangeOrders } from '../../../sync/shop/order-exchange.js';
import { secondGateway } from './second-gateway.js';

async function count(gw: TestGateway, module: string): Promise<number> {
  return gw.store.records.count(await adminActor(gw), module);
}

test('orders from a second gateway: stored once, acknowledged only after storing, changes sent back', async (t) => {
  t.timeout(120_000);
  const { crm, shop, actor, cat, deps, conn } = await secondGateway(t, '/1c_exchange.php');
  await pushCatalog(deps, conn.id);

  const shopActor = await adminActor(shop);
  const shopBoots = (await shop.store.records.list(shopActor, 'Products', { limit: 10 })).find(
    (p) => p.values['productcode'] === 'Б-41',
  );
  const buyer = await shop.store.records.create(shopActor, 'Accounts', {
    values: { accountname: 'ООО «Ромашка»' },
  });
  const placed = await shop.store.records.create(shopActor, 'SalesOrder', {
    values: { subject: 'Заказ на сайте', account_id: String(buyer.id), sostatus: 'Created' },
    lineItems: [
      {
        productId: shopBoots?.id ?? null,
        quantity: '2',
        listPrice: '4990.50',
        discountPercent: null,
        discountAmount: null,
        taxPercent: null,
        comment: null,
      },
    ],
  });
  const siteNumber = placed.recordNo;

  // No mapping for the site status "Created" yet: nothing stored, nothing acknowledged.
  const refused = await t.throwsAsync(exchangeOrders(deps, crm.store, conn.id));
  t.regex(refused?.message ?? '', /status «Created»/);
  t.is(await count(crm, 'SalesOrder'), 0);
  t.is(await count(crm, 'Accounts'), 0);

  await deps.connections.mapStatus(conn.id, { site: 'Created', crm: 'Created' }, ['Created']);
  await deps.connections.mapStatus(conn.id, { site: 'Approved', crm: 'Approved' }, ['Approved']);
  const first = await exchangeOrders(deps, crm.store, conn.id);
  t.like(first, { received: 1, created: 1, updated: 0, accounts: 1, unmatchedLines: 0, sent: 0 });
  const [order] = await crm.store.records.list(actor, 'SalesOrder', { limit: 5 });
  t.is(order?.values['from_site'], siteNumber);
  t.is(order?.values['sostatus'], 'Created');
  t.deepEqual(order?.owner, { kind: 'user', id: actor.userId });
  const full = order ? await crm.store.records.get(actor, 'SalesOrder', order.id) : null;
  t.is(full?.lineItems?.[0]?.productId, cat.boots);
  t.is(Number(full?.lineItems?.[0]?.quantity), 2);
  const [account] = await crm.store.records.list(actor, 'Accounts', { limit: 5 });
  t.is(account?.values['accountname'], 'ООО «Ромашка»');

  // The shop may resend an order (here: changed in the second it last committed): no duplicate.
  const second = await exchangeOrders(deps, crm.store, conn.id);
  t.like(second, { created: 0, accounts: 0, sent: 0 });
  t.is(await count(crm, 'SalesOrder'), 1);
  t.is(await count(crm, 'Accounts'), 1);

  await new Promise((resolve) => setTimeout(resolve, 1100));
  await crm.store.records.update(
    actor,
    'SalesOrder',
    order?.id ?? 0,
    { values: { sostatus: 'Approved' } },
    'revise',
  );
  const third = await exchangeOrders(deps, crm.store, conn.id);
  // Whether the shop resends the order or not, its unchanged copy does not undo the CRM's change.
  t.like(third, { created: 0, updated: 0, sent: 1 });
  t.is(
    (await crm.store.records.get(actor, 'SalesOrder', order?.id ?? 0))?.values['sostatus'],
    'Approved',
  );
  const history = await crm.store.exchangeLog.list({ system: 'shop', limit: 10 });
  t.deepEqual(
    history.map((h) => h.status),
    ['ok', 'ok', 'ok', 'error', 'ok'],
  );
});

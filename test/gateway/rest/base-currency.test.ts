// The base currency as vtiger 8.2 installs it (gateway/currencies/README.md "Base currency"):
// `21x1`, the installation's currency (GATEWAY_BASE_CURRENCY, USD by default), listed by
// `SELECT * FROM Currency;`, the default `currency_id` of Products and Services and the source of
// the `conversion_rate` "1.000" of inventory records; a store that has currencies keeps them.
import test from 'ava';
import { listCurrencies } from '../../../gateway/currencies/currencies.js';
import { adminActor } from '../../../gateway/currencies/cli-actor.js';
import { ensureBaseCurrency } from '../../../gateway/currencies/base-currency.js';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('a fresh install has the base currency 21x1, USD, used as default by new records', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const rows = await admin.doQuery('SELECT * FROM Currency;');
  if (!rows) return t.fail(JSON.stringify(admin.lastError));
  t.is(rows.length, 1);
  t.like(rows[0], {
    id: '21x1',
    currency_code: 'USD',
    currency_name: 'USA, Dollars',
    currency_symbol: '$',
    currency_status: 'Active',
    defaultid: '1',
  });
  t.is(Number(rows[0]?.conversion_rate), 1);

  const product = await admin.doCreate('Products', { productname: 'Gear', unit_price: '10' });
  const service = await admin.doCreate('Services', { servicename: 'Setup' });
  const account = await admin.doCreate('Accounts', { accountname: 'Acme' });
  if (!product || !service || !account) return t.fail(JSON.stringify(admin.lastError));
  t.is(product.currency_id, '21x1');
  t.is(service.currency_id, '21x1');
  const order = await admin.post({
    operation: 'create',
    elementType: 'SalesOrder',
    element: JSON.stringify({
      subject: 'Order',
      account_id: account.id,
      sostatus: 'Created',
      assigned_user_id: admin.userId,
      LineItems: [{ productid: product.id, quantity: '1', listprice: '10' }],
    }),
  });
  t.true(order.success, JSON.stringify(order.error));
  t.like(order.result, { currency_id: '21x1', conversion_rate: '1.000' });
});

test('GATEWAY_BASE_CURRENCY names the base; a store with currencies keeps them', async (t) => {
  const gw = await restGateway({ GATEWAY_BASE_CURRENCY: 'eur' });
  t.teardown(() => gw.dispose());
  const actor = await adminActor(gw.store);
  const first = await listCurrencies(gw.store, actor);
  t.deepEqual(
    first.map(({ id, code, rate, base }) => ({ id, code, rate, base })),
    [{ id: '1', code: 'EUR', rate: '1', base: true }],
  );
  await ensureBaseCurrency(gw.store, 'USD');
  t.deepEqual(await listCurrencies(gw.store, actor), first, 'a second start changes nothing');
});

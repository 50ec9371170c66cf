// Services are 26x… as in vtiger 8.2 (25 is ServiceContracts there); ids a client kept from
// before, 25x…, still work on retrieve, update, revise, delete and in line items, and are
// answered as 26x… (store/modules/registry.ts, gateway/rest/README.md §4).
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('Services answer 26x ids and still accept the 25x ids of before', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const service = await admin.doCreate('Services', { servicename: 'Setup', unit_price: '50' });
  if (!service) return t.fail(JSON.stringify(admin.lastError));
  t.regex(service.id ?? '', /^26x\d+$/);
  const describe = (await admin.get({ operation: 'describe', elementType: 'Services' })).result as {
    idPrefix: string;
  };
  t.is(describe.idPrefix, '26');
  const number = (service.id ?? '').split('x')[1] ?? '';
  const old = `25x${number}`;
  t.like(await admin.doRetrieve(old), { id: service.id, servicename: 'Setup' });
  const revised = await admin.doRevise({ id: old, servicename: 'Setup 2' });
  if (!revised) return t.fail(JSON.stringify(admin.lastError));
  t.is(revised.id, service.id);
  t.deepEqual(await admin.doQuery(`SELECT servicename FROM Services WHERE id = '${old}';`), [
    { servicename: 'Setup 2', id: service.id },
  ]);
  const account = await admin.doCreate('Accounts', { accountname: 'Buyer' });
  if (!account) return t.fail(JSON.stringify(admin.lastError));
  const quote = await admin.post({
    operation: 'create',
    elementType: 'Quotes',
    element: JSON.stringify({
      subject: 'Q',
      account_id: account.id,
      quotestage: 'Created',
      assigned_user_id: admin.userId,
      LineItems: [{ productid: old, quantity: '1', listprice: '50' }],
    }),
  });
  t.true(quote.success, JSON.stringify(quote.error));
  const lines = (quote.result as { LineItems: Record<string, string>[] }).LineItems;
  t.is(lines[0]?.productid, service.id);
  // A Products prefix is still another module's.
  const wrong = await admin.get({ operation: 'retrieve', id: `14x${number}` });
  t.is(wrong.error?.code, 'INVALID_ID_ATTRIBUTE');
  t.true((await admin.post({ operation: 'delete', id: old })).success);
  t.is(
    (await admin.get({ operation: 'retrieve', id: service.id ?? '' })).error?.code,
    'ACCESS_DENIED',
  );
});

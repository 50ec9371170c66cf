// The "Web shops" console page over HTTP, for administrators: add a shop (bad input stores
// nothing, the password is sealed and never shown back), test the connection in plain words, push
// and exchange orders now against a shop double, the last runs on the list, delete. Non-admins
// are refused; the shop's jobs exist as soon as it is added.
import test from 'ava';
import { shopOrdersJob, shopPushJob } from '../../../sync/shop/shop-jobs.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { startShopDouble } from './shop-double.js';
import { smallCatalog } from './shop-fixture.js';

test('admins add, test, push, exchange orders and delete web shops in the console', async (t) => {
  t.timeout(90_000);
  const shop = await startShopDouble({
    flavor: 'bitrix',
    password: 'shop-secret',
    saleQuery: Buffer.alloc(0),
  });
  t.teardown(() => shop.close());
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const actor = await gw.store.users.actor(1);
  if (!actor) throw new Error('no admin actor');
  await smallCatalog(gw.store, actor);
  const count = async (): Promise<number> =>
    Number((await gw.store.db.knex('shop_connections').count<{ n: number }[]>({ n: '*' }))[0]?.n);

  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const list = await admin.get('/console/shops');
  t.is(list.status, 200);
  const html = await list.text();
  t.regex(html, /No web shops yet/);
  t.regex(html, /href="\/console\/shops"/, 'in the navigation');
  const csrf = ConsoleClient.csrfOf(html);
  const form = {
    _csrf: csrf,
    name: 'Bitrix shop',
    url: `${shop.url}`,
    login: 'admin',
    userId: '1',
    schema: '2.08',
    encoding: 'utf-8',
  };
  const bad = await admin.post('/console/shops', {
    ...form,
    password: 'shop-secret',
    pushSchedule: 'every hour',
  });
  t.is(bad.status, 303);
  t.is(await count(), 0, 'a bad schedule stores nothing');
  const noCsrf = await admin.post('/console/shops', { ...form, _csrf: 'x', password: 'p' });
  t.is(noCsrf.status, 403);
  t.is(await count(), 0);

  const added = await admin.post('/console/shops', { ...form, password: 'shop-secret' });
  t.is(added.status, 303);
  const [row] = await gw.store.db
    .knex('shop_connections')
    .select<{ id: number; secrets: string }[]>('id', 'secrets');
  if (!row) throw new Error('no shop stored');
  t.false(row.secrets.includes('shop-secret'), 'the password is sealed');
  t.truthy(await gw.store.jobs.get(shopPushJob(row.id)), 'the push job exists at once');
  t.truthy(await gw.store.jobs.get(shopOrdersJob(row.id)));

  const tested = await admin.post(`/console/shops/${row.id}/test`, { _csrf: csrf });
  t.is(tested.status, 200);
  t.regex(
    await tested.text(),
    /Logged in\. The shop takes zip archives; files are sent in parts of at most 204800 bytes\./,
  );

  const pushed = await admin.post(`/console/shops/${row.id}/push`, { _csrf: csrf });
  t.is(pushed.status, 303);
  t.true(shop.seen.some((r) => r.type === 'catalog' && r.mode === 'import'));
  const orders = await admin.post(`/console/shops/${row.id}/orders`, { _csrf: csrf });
  t.is(orders.status, 303);
  t.true(shop.seen.some((r) => r.type === 'sale' && r.mode === 'success'));

  const after = await (await admin.get('/console/shops')).text();
  t.regex(after, /catalog push: ok/);
  t.regex(after, /orders: ok \(0 new, 0 changed\)/);
  t.false(after.includes('shop-secret'), 'the password is never shown back');

  const jane = await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
  t.truthy(jane);
  const user = new ConsoleClient(gw.url);
  await user.login('jane', 'jane-password-1');
  t.is((await user.get('/console/shops')).status, 403);
  t.is((await user.post(`/console/shops/${row.id}/delete`, { _csrf: csrf })).status, 403);

  const deleted = await admin.post(`/console/shops/${row.id}/delete`, { _csrf: csrf });
  t.is(deleted.status, 303);
  t.is(await count(), 0);
});

test('a failing shop is reported in its words and recorded', async (t) => {
  t.timeout(60_000);
  const shop = await startShopDouble({ flavor: 'opencart', password: 'right' });
  t.teardown(() => shop.close());
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const csrf = ConsoleClient.csrfOf(await (await admin.get('/console/shops')).text());
  const added = await admin.post('/console/shops', {
    _csrf: csrf,
    name: 'OpenCart',
    url: shop.url,
    login: 'admin',
    password: 'wrong',
    userId: '1',
  });
  t.is(added.status, 303);
  const [row] = await gw.store.db.knex('shop_connections').select<{ id: number }[]>('id');
  if (!row) throw new Error('no shop stored');
  const tested = await admin.post(`/console/shops/${row.id}/test`, { _csrf: csrf });
  t.regex(await tested.text(), /The shop did not accept the login/);
  const pushed = await admin.post(`/console/shops/${row.id}/push`, { _csrf: csrf });
  t.is(pushed.status, 303);
  const after = await (await admin.get('/console/shops')).text();
  t.regex(after, /catalog push: <span class="error">failed: /);
});

// Editing a web shop in the console (sync/shop/README.md §6): its schedules (the two jobs follow at
// once), the one-init-per-file switch and the status map; refused input changes nothing; deleting
// the shop removes its two jobs at once, and a shop added afterwards gets jobs of its own.
import test from 'ava';
import { shopOrdersJob, shopPushJob } from '../../../sync/shop/shop-jobs.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';

test('admins edit schedules, options and the status map of a shop; deleting it removes its jobs at once', async (t) => {
  t.timeout(90_000);
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const csrf = ConsoleClient.csrfOf(await (await admin.get('/console/shops')).text());
  const add = (name: string): Promise<Response> =>
    admin.post('/console/shops', {
      _csrf: csrf,
      name,
      url: 'http://127.0.0.1:9/exchange',
      login: 'admin',
      password: 'secret',
      userId: '1',
    });
  t.is((await add('Shop A')).status, 303);
  const shops = async (): Promise<{ id: number }[]> =>
    gw.store.db.knex('shop_connections').select<{ id: number }[]>('id').orderBy('id');
  const id = (await shops())[0]?.id ?? 0;
  const base = `/console/shops/${id}`;
  const conn = async () => {
    const row = await gw.store.db.knex('shop_connections').where({ id }).first<{
      push_schedule: string | null;
      orders_schedule: string | null;
      one_init_per_file: number | boolean;
      status_map: string;
    }>();
    if (!row) throw new Error('shop gone');
    return row;
  };

  const saved = await admin.post(`${base}/options`, {
    _csrf: csrf,
    pushSchedule: '900',
    ordersSchedule: '*/5 * * * *',
    oneInitPerFile: 'on',
  });
  t.is(saved.status, 303);
  t.like(await conn(), { push_schedule: '900', orders_schedule: '*/5 * * * *' });
  t.true(Boolean((await conn()).one_init_per_file));
  t.deepEqual((await gw.store.jobs.get(shopPushJob(id)))?.schedule, {
    kind: 'interval',
    seconds: 900,
  });
  t.deepEqual((await gw.store.jobs.get(shopOrdersJob(id)))?.schedule, {
    kind: 'cron',
    expression: '*/5 * * * *',
  });
  const page = await (await admin.get('/console/shops')).text();
  t.regex(page, /name="pushSchedule" value="900"/);
  t.regex(page, /name="oneInitPerFile" value="on" checked/);

  // A bad schedule is refused with its reason and changes nothing, the other field included.
  const bad = await admin.post(`${base}/options`, {
    _csrf: csrf,
    pushSchedule: '1200',
    ordersSchedule: 'every hour',
  });
  t.is(bad.status, 303);
  t.like(await conn(), { push_schedule: '900', orders_schedule: '*/5 * * * *' });
  t.regex(await (await admin.get('/console/shops')).text(), /settings not saved: a schedule is/);

  // Switching the option off and the schedules back to the defaults.
  await admin.post(`${base}/options`, { _csrf: csrf, pushSchedule: '', ordersSchedule: '' });
  t.like(await conn(), { push_schedule: null, orders_schedule: null });
  t.false(Boolean((await conn()).one_init_per_file));
  t.deepEqual((await gw.store.jobs.get(shopPushJob(id)))?.schedule, {
    kind: 'interval',
    seconds: 3600,
  });

  t.is(
    (await admin.post(`${base}/map-status`, { _csrf: csrf, site: 'Принят', crm: 'Approved' }))
      .status,
    303,
  );
  await admin.post(`${base}/map-status`, { _csrf: csrf, site: 'Отменён', crm: 'Shipped' });
  t.deepEqual(JSON.parse((await conn()).status_map), [{ site: 'Принят', crm: 'Approved' }]);
  t.regex(await (await admin.get('/console/shops')).text(), /Принят → Approved/);
  await admin.post(`${base}/unmap-status`, { _csrf: csrf, site: 'Принят' });
  t.deepEqual(JSON.parse((await conn()).status_map), []);

  const jane = await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
  t.truthy(jane);
  const user = new ConsoleClient(gw.url);
  await user.login('jane', 'jane-password-1');
  t.is((await user.post(`${base}/options`, { _csrf: csrf, pushSchedule: '60' })).status, 403);

  t.is((await admin.post(`${base}/delete`, { _csrf: csrf })).status, 303);
  t.is(await gw.store.jobs.get(shopPushJob(id)), null, 'the push job is gone at once');
  t.is(await gw.store.jobs.get(shopOrdersJob(id)), null);
  t.is((await add('Shop B')).status, 303);
  const next = (await shops())[0]?.id ?? 0;
  t.truthy(await gw.store.jobs.get(shopPushJob(next)), 'a new shop has its own jobs');
  t.truthy(await gw.store.jobs.get(shopOrdersJob(next)));
});

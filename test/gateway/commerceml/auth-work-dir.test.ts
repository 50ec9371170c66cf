// Access keys cannot be guessed at /1c_exchange.php (the lockout the REST API and the console
// share, store/login-throttle.ts), and the work folders stay bounded: a finished run removes its
// folder, folders of runs that never finished are pruned, a zip above the size cap is refused.
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { ADMIN_ACCESS_KEY, startOneCGateway } from '../../helpers/gateway.js';
import { adminActor, makeZip, OneCClient } from './one-c-client.js';

test('wrong access keys lock the user out of checkauth and Basic calls, even with the right key afterwards', async (t) => {
  t.timeout(30_000);
  const gw = await startOneCGateway({ GATEWAY_LOGIN_MAX_FAILURES: '3' });
  t.teardown(() => gw.dispose());
  const wrong = new OneCClient(gw.url, 'admin', 'guess-1');
  for (let i = 0; i < 3; i++)
    t.is((await wrong.checkauth()).text, 'failure\nwrong user name or access key');
  const right = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  t.is((await right.checkauth()).text, 'failure\ntoo many failed logins; try again later');
  // Basic on a later mode goes through the same check.
  t.is(
    (await right.call('type=catalog&mode=init')).text,
    'failure\ntoo many failed logins; try again later',
  );
  t.truthy(await gw.store.db.knex('login_failures').where({ key: 'user:admin' }).first());
});

test('a good checkauth clears the failures; complete and sale success remove the work folder; stale folders are pruned', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway({ GATEWAY_LOGIN_MAX_FAILURES: '3' });
  t.teardown(() => gw.dispose());
  t.is((await new OneCClient(gw.url, 'admin', 'guess').checkauth()).lines[0], 'failure');
  const root = path.join(gw.dataDir, 'commerceml');
  // A folder left by a run cut off two days ago, and one of a run still going.
  const stale = path.join(root, 'ab'.repeat(24));
  const fresh = path.join(root, 'cd'.repeat(24));
  for (const dir of [stale, fresh]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'import.xml'), '<a/>');
  }
  const old = new Date(Date.now() - 48 * 3_600_000);
  utimesSync(stale, old, old);
  const c = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  t.is((await c.checkauth()).lines[0], 'success');
  t.falsy(
    await gw.store.db.knex('login_failures').where('key', 'like', 'key:admin|%').first(),
    'the wrong key of this address is cleared',
  );
  t.false(existsSync(stale));
  t.true(existsSync(fresh));
  await c.init();
  await c.upload(
    'import.xml',
    Buffer.from(
      '<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>p1</Ид><Наименование>Один</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>',
    ),
  );
  t.is((await c.importFile('import.xml')).lines[0], 'success');
  t.true(existsSync(path.join(root, c.sessid, 'import.xml')));
  t.is((await c.call('type=catalog&mode=complete')).text, 'success');
  t.false(existsSync(path.join(root, c.sessid)));
  t.is(await gw.store.records.count(await adminActor(gw), 'Products'), 1);
  const s = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await s.checkauth('sale');
  await s.init('sale');
  await s.upload('documents.xml', Buffer.from('<КоммерческаяИнформация/>'), 1000, 'sale');
  t.true(existsSync(path.join(root, s.sessid, 'documents.xml')));
  t.is((await s.call('type=sale&mode=success')).text, 'success');
  t.false(existsSync(path.join(root, s.sessid)));
});

test('a zip that unpacks above the size cap (at a modest ratio) → failure naming the cap; nothing imported', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway({ GATEWAY_CML_FOLDER_CAP_BYTES: '3000000' });
  t.teardown(() => gw.dispose());
  const c = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await c.checkauth();
  await c.init();
  // Two symbols at random: about 8:1, far below the ratio cap, 4 MB unpacked.
  const data = Buffer.alloc(4_000_000);
  let x = 12345;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x & 0x10000 ? 0x41 : 0x42;
  }
  const zip = makeZip([{ name: 'import.xml', data }]);
  t.true(zip.length < 1_000_000);
  await c.upload('v8.zip', zip);
  const a = await c.importFile('import.xml');
  t.is(a.text, 'failure\nzip archive unpacks to more than 3000000 bytes');
  t.is(await gw.store.records.count(await adminActor(gw), 'Products'), 0);
});

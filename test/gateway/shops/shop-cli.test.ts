// The `shop` commands as an operator runs them (README "Web shops (CRM as 1C)"): create with the
// password from a file, refusals that leave the store unchanged, list/show without the password,
// status-map, test, push and export against a second gateway acting as the shop, delete.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { accessKeyBox } from '../../../gateway/access-key-box.js';
import { loadConfig } from '../../../gateway/config.js';
import { openStore } from '../../../store/store.js';
import { ADMIN_ACCESS_KEY, startOneCGateway } from '../../helpers/gateway.js';
import { cli } from '../../helpers/process.js';
import { smallCatalog } from './shop-fixture.js';

test('shop create/list/show/status-map/test/push/export/delete from the command line', async (t) => {
  t.timeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-shop-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    GATEWAY_DATA_DIR: dir,
    GATEWAY_BASE_CURRENCY: 'RUB',
    GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
  };
  const shop = await startOneCGateway();
  t.teardown(() => shop.dispose());

  const user = await cli(
    ['user', 'create', '--username', 'seller', '--password', 'seller-password', '--admin'],
    env,
  );
  t.is(user.code, 0, user.stderr);
  const store = await openStore(
    { kind: 'sqlite', file: path.join(dir, 'gateway.sqlite'), busyTimeoutMs: 5000 },
    accessKeyBox(loadConfig(env, dir)),
  );
  const seller = await store.users.findByUserName('seller');
  const actor = seller ? await store.users.actor(seller.id) : null;
  if (!actor) throw new Error('no seller');
  const cat = await smallCatalog(store, actor);
  await store.close();

  const secretFile = path.join(dir, 'shop-password');
  writeFileSync(secretFile, `${ADMIN_ACCESS_KEY}\n`);
  const url = `${shop.url}/bitrix/admin/1c_exchange.php`;
  const base = ['shop', 'create', '--name', 'Shop', '--login', 'admin', '--user', 'seller'];
  const badUrl = await cli([...base, '--url', 'ftp://x', '--password', 'p'], env);
  t.is(badUrl.code, 1);
  t.like(badUrl.json, { error: 'invalid_input' });
  const noPassword = await cli([...base, '--url', url], env);
  t.is(noPassword.code, 2);
  const created = await cli(
    [...base, '--url', url, '--password-file', secretFile, '--catalog', String(cat.shoes)],
    env,
  );
  t.is(created.code, 0, created.stderr);
  const id = (created.json as { id: number }).id;
  t.deepEqual(created.json, { id });

  const list = await cli(['shop', 'list'], env);
  t.is(list.code, 0, list.stderr);
  t.is((list.json as unknown[]).length, 1, 'the refused creates stored nothing');
  t.false(JSON.stringify(list.json).includes(ADMIN_ACCESS_KEY));
  t.like((list.json as Record<string, unknown>[])[0], {
    name: 'Shop',
    schema: '2.08',
    encoding: 'utf-8',
    catalogs: [cat.shoes],
  });

  const badStatus = await cli(
    ['shop', 'status-map', '--id', String(id), '--site', 'Принят', '--crm', 'Nope'],
    env,
  );
  t.is(badStatus.code, 1);
  const mapped = await cli(
    ['shop', 'status-map', '--id', String(id), '--site', 'Принят', '--crm', 'Approved'],
    env,
  );
  t.is(mapped.code, 0, mapped.stderr);
  t.deepEqual((mapped.json as { statusMap: unknown }).statusMap, [
    { site: 'Принят', crm: 'Approved' },
  ]);

  const tested = await cli(['shop', 'test', '--id', String(id)], env);
  t.is(tested.code, 0, tested.stderr);
  t.like(tested.json, { ok: true });
  t.regex((tested.json as { message: string }).message, /zip archives/);

  const pushed = await cli(['shop', 'push', '--id', String(id)], env);
  t.is(pushed.code, 0, pushed.stderr);
  t.like(pushed.json, { full: true, products: 2, services: 1 });
  const shown = await cli(['shop', 'show', '--id', String(id)], env);
  t.like((shown.json as { history: unknown[] }).history[0], { status: 'ok', system: 'shop' });

  const out = path.join(dir, 'export');
  const exported = await cli(
    ['shop', 'export', '--catalog', String(cat.shoes), '--to', out, '--schema', '2.10'],
    env,
  );
  t.is(exported.code, 0, exported.stderr);
  t.regex(readFileSync(path.join(out, 'import.xml'), 'utf8'), /ВерсияСхемы="2.10"/);
  t.regex(readFileSync(path.join(out, 'offers.xml'), 'utf8'), /<ЦенаЗаЕдиницу>4990.50</);
  const missing = await cli(['shop', 'export', '--catalog', '999999', '--to', out], env);
  t.is(missing.code, 1);
  t.like(missing.json, { error: 'not_found' });

  const deleted = await cli(['shop', 'delete', '--id', String(id)], env);
  t.is(deleted.code, 0, deleted.stderr);
  t.deepEqual((await cli(['shop', 'list'], env)).json, []);
});

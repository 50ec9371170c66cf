// The reason the page exists (gateway/currencies/README.md §1): a 1C file naming an inactive
// currency fails as a whole; once an admin activates it on "Currencies & taxes", the same file
// is accepted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { listCurrencies, setCurrency } from '../../../gateway/currencies/currencies.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_ACCESS_KEY, ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { OneCClient } from '../commerceml/one-c-client.js';

const PRICES_31 = readFileSync(
  path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../fixtures/commerceml/irpsv-commerceml__bitrix-module-6.5_goods-prices_3.1.xml',
  ),
);

test('a 1C file refused for an inactive currency is accepted once the page activates it', async (t) => {
  t.timeout(60_000);
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const user = await gw.store.users.findByUserName('admin');
  const actor = user ? await gw.store.users.actor(user.id) : null;
  if (!actor) throw new Error('no admin');
  await setCurrency(gw.store, actor, { code: 'RUB', rate: '1', active: true, base: true });
  await setCurrency(gw.store, actor, { code: 'USD', rate: '0.011', active: false });

  const exchange = async (): Promise<string> => {
    const c = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
    await c.checkauth();
    await c.init();
    await c.upload('prices.xml', PRICES_31);
    return (await c.importFile('prices.xml')).text;
  };
  t.is(await exchange(), 'failure\ncurrency USD is not active in the CRM');

  const admin = new ConsoleClient(gw.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const usd = (await listCurrencies(gw.store, actor)).find((c) => c.code === 'USD');
  const res = await admin.post('/console/currencies', {
    _csrf: await admin.csrf('/console/currencies'),
    id: usd?.id ?? '',
    code: 'USD',
    name: 'US dollar',
    rate: '0.011',
    active: '1',
  });
  t.is(res.status, 303);
  t.regex(await exchange(), /^success/);
});

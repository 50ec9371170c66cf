// `currency set|list` and `tax set|list` run as the command line runs them (a subprocess on a
// fresh data directory), printing JSON like `user list`; bad flags are usage errors (exit 2),
// refused changes exit 1 and leave the store as it was (gateway/currencies/README.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { cli } from '../../helpers/process.js';

test('currency and tax commands create, update, list and refuse bad input', async (t) => {
  t.timeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cur-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir };

  const noAdmin = await cli(['currency', 'list'], env);
  t.is(noAdmin.code, 1);
  t.like(noAdmin.json, { error: 'not_found', message: 'No active administrator to act as' });
  const admin = ['user', 'create', '--username', 'boss', '--password', 'boss-password', '--admin'];
  t.is((await cli(admin, env)).code, 0);

  const rub = await cli(
    [
      'currency',
      'set',
      '--code',
      'RUB',
      '--name',
      'Russian ruble',
      '--symbol',
      '₽',
      '--rate',
      '1',
      '--active',
      'true',
      '--base',
    ],
    env,
  );
  t.is(rub.code, 0, rub.stderr);
  t.like(rub.json, {
    code: 'RUB',
    name: 'Russian ruble',
    symbol: '₽',
    rate: '1',
    active: true,
    base: true,
  });
  const usd = await cli(
    ['currency', 'set', '--code', 'usd', '--rate', '0.011', '--active', 'false'],
    env,
  );
  t.like(usd.json, { code: 'USD', name: 'USD', rate: '0.011', active: false, base: false });
  const again = await cli(
    ['currency', 'set', '--code', 'USD', '--rate', '0.012', '--active', 'true'],
    env,
  );
  t.like(again.json, { id: (usd.json as { id: string }).id, rate: '0.012', active: true });

  const badRate = await cli(
    ['currency', 'set', '--code', 'EUR', '--rate', 'x', '--active', 'true'],
    env,
  );
  t.is(badRate.code, 2);
  t.like(badRate.json, { error: 'usage' });
  t.is(
    (await cli(['currency', 'set', '--code', 'EUR', '--rate', '1'], env)).code,
    2,
    '--active is required',
  );
  const offBase = await cli(
    ['currency', 'set', '--code', 'RUB', '--rate', '1', '--active', 'false'],
    env,
  );
  t.is(offBase.code, 1);
  t.like(offBase.json, { error: 'invalid_input' });

  const list = await cli(['currency', 'list'], env);
  t.is(list.code, 0);
  t.deepEqual(
    (list.json as Array<Record<string, unknown>>).map(({ code, rate, active, base }) => ({
      code,
      rate,
      active,
      base,
    })),
    [
      { code: 'RUB', rate: '1', active: true, base: true },
      { code: 'USD', rate: '0.012', active: true, base: false },
    ],
  );

  const vat = await cli(['tax', 'set', '--name', 'VAT', '--rate', '20'], env);
  t.is(vat.code, 0, vat.stderr);
  t.like(vat.json, { name: 'VAT', rate: '20', active: true });
  t.like(
    (await cli(['tax', 'set', '--name', 'VAT', '--rate', '10', '--active', 'false'], env)).json,
    {
      name: 'VAT',
      rate: '10',
      active: false,
    },
  );
  t.is((await cli(['tax', 'set', '--name', 'VAT', '--rate', '-1'], env)).code, 2);
  const taxes = await cli(['tax', 'list'], env);
  t.like(taxes.json, [{ name: 'VAT', rate: '10', active: false }]);
  t.is((taxes.json as unknown[]).length, 1);
});

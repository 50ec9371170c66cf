// The 1C exchange settings from the console page and from the command line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { readCmlSettings } from '../../../gateway/commerceml/settings.js';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, startOneCGateway } from '../../helpers/gateway.js';
import { cli } from '../../helpers/process.js';

test('console page shows the endpoint and saves settings', async (t) => {
  t.timeout(30_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const c = new ConsoleClient(gw.url);
  await c.login('admin', ADMIN_PASSWORD);
  const pageText = await (await c.get('/console/commerceml')).text();
  // The address 1C must be given: this gateway's own origin, not the request's Origin header.
  t.true(pageText.includes(`${gw.url}/1c_exchange.php`), pageText);
  const csrf = await c.csrf('/console/commerceml');
  const res = await c.post('/console/commerceml', {
    _csrf: csrf,
    encoding: 'windows-1251',
    'status-paid': 'Approved',
  });
  t.true(res.status < 400);
  const saved = await readCmlSettings(gw.store);
  t.is(saved.encoding, 'windows-1251');
  t.false(saved.enabled);
  t.like(saved.statuses, { paid: 'Approved', posted: 'Approved' });
});

test('commerceml set / show / log print JSON', async (t) => {
  t.timeout(90_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GATEWAY_DATA_DIR: dir };
  const set = await cli(
    [
      'commerceml',
      'set',
      '--enabled',
      'false',
      '--encoding',
      'windows-1251',
      '--cancelled',
      'Created',
    ],
    env,
  );
  t.is(set.code, 0, set.stderr);
  t.like(set.json, {
    enabled: false,
    encoding: 'windows-1251',
    statuses: { cancelled: 'Created', paid: 'Delivered' },
  });
  t.like((await cli(['commerceml', 'show'], env)).json, { enabled: false });
  const bad = await cli(['commerceml', 'set', '--encoding', 'koi8-r'], env);
  t.is(bad.code, 1);
  t.deepEqual((await cli(['commerceml', 'log'], env)).json, []);
});

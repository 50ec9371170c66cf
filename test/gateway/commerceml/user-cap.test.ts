// The 1C work folders stay bounded (gateway/commerceml/README.md §6.3): an archive that fails to
// unpack leaves its session folder empty at once, and GATEWAY_CML_FOLDER_CAP_BYTES is one cap per
// exchange user, shared by all their sessions.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { ADMIN_ACCESS_KEY, startOneCGateway } from '../../helpers/gateway.js';
import { makeZip, OneCClient } from './one-c-client.js';

test('a zip bomb refused at unpack leaves the session folder empty', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway();
  t.teardown(() => gw.dispose());
  const c = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await c.checkauth();
  await c.init();
  // 8 MB of zeros: the ratio cap stops the inflation after more than 1 MB was written.
  await c.upload('v8_bomb.zip', makeZip([{ name: 'import.xml', data: Buffer.alloc(8 << 20) }]));
  const a = await c.importFile('import.xml');
  t.is(a.lines[0], 'failure');
  t.regex(a.lines[1] ?? '', /compression ratio/);
  const dir = path.join(gw.dataDir, 'commerceml', c.sessid);
  t.deepEqual(existsSync(dir) ? readdirSync(dir, { recursive: true }) : [], []);
});

test('two sessions of one user together stay under the folder cap', async (t) => {
  t.timeout(60_000);
  const gw = await startOneCGateway({
    GATEWAY_CML_FOLDER_CAP_BYTES: '4096',
    GATEWAY_CML_FILE_LIMIT_BYTES: '1024',
  });
  t.teardown(() => gw.dispose());
  const first = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await first.checkauth();
  await first.init();
  const part = Buffer.alloc(1500, 0x20);
  for (const answer of await first.upload('import.xml', Buffer.concat([part, part]), 1500))
    t.is(answer.text, 'success');

  const second = new OneCClient(gw.url, 'admin', ADMIN_ACCESS_KEY);
  await second.checkauth();
  await second.init();
  t.not(second.sessid, first.sessid, 'a second session');
  const refused = await second.upload('offers.xml', part, 1500);
  t.regex(refused[0]?.text ?? '', /^failure\nthe work folder is full/);
  const dir = path.join(gw.dataDir, 'commerceml', second.sessid);
  t.deepEqual(existsSync(dir) ? readdirSync(dir).filter((f) => f !== 'offers.xml') : [], []);

  // Once the first session is done, its room is free again.
  t.is((await first.call('type=catalog&mode=complete')).lines[0], 'success');
  t.is((await second.upload('offers.xml', part, 1500))[0]?.text, 'success');
});

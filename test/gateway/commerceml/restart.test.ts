// Restart safety of mode=import (issue 6): a run a stopped gateway left 'running' is done again
// at the next start, from the start of the file, and ends with the same records as one clean run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { CmlExchangeRepository } from '../../../store/commerceml/exchange-repository.js';
import { ADMIN_ACCESS_KEY, startTestGateway } from '../../helpers/gateway.js';
import { OneCClient } from './one-c-client.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/commerceml');
const IMPORT_207 = readFileSync(path.join(FIXTURES, 'carono-yii2-1c-exchange__import_2.07_utf8bom.xml'));

test('a run interrupted by a stop is run again at the next start and answers success', async (t) => {
  t.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-restart-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // First life: jobs off, so the queued run cannot start; then it is marked as a dying worker leaves it.
  const first = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' }, {}, dir);
  const c = new OneCClient(first.url, 'admin', ADMIN_ACCESS_KEY);
  await c.checkauth();
  await c.init();
  await c.upload('import.xml', IMPORT_207, 5000);
  t.is((await c.call('type=catalog&mode=import&filename=import.xml')).lines[0], 'progress');
  const repo = new CmlExchangeRepository(first.store.db.knex);
  const run = await repo.latestRun(c.sessid, 'import.xml');
  if (!run) throw new Error('no run');
  await repo.setRun(run.id, 'running', 40);
  await first.dispose();
  // Second life: the cookie still names the session, the run finishes.
  const second = await startTestGateway({}, {}, dir);
  t.teardown(() => second.dispose());
  const again = new OneCClient(second.url, 'admin', ADMIN_ACCESS_KEY);
  again.cookie = c.cookie;
  again.sessid = c.sessid;
  const a = await again.importFile('import.xml');
  t.is(a.lines[0], 'success', a.text);
  const user = await second.store.users.findByUserName('admin');
  const actor = user ? await second.store.users.actor(user.id) : null;
  if (!actor) throw new Error('no admin');
  t.is(await second.store.records.count(actor, 'Catalogs'), 22);
});

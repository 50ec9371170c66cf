// Restart safety of mode=import: a run a stopped gateway left 'running' is done again
// at the next start, from the start of the file, and ends with the same records as one clean run:
// batches committed before the stop are found again by their sync links and content hash.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { CmlExchangeRepository } from '../../../store/commerceml/exchange-repository.js';
import { importCatalog } from '../../../gateway/commerceml/catalog-import.js';
import { SNAPSHOT_FILE } from '../../../gateway/commerceml/snapshot.js';
import { generateCatalog } from '../../../scripts/bench/commerceml/generate.js';
import { ADMIN_ACCESS_KEY, startOneCGateway } from '../../helpers/gateway.js';
import { sqliteStore } from '../../helpers/store.js';
import { OneCClient } from './one-c-client.js';

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/commerceml',
);
const IMPORT_207 = readFileSync(
  path.join(FIXTURES, 'carono-yii2-1c-exchange__import_2.07_utf8bom.xml'),
);

test('a run interrupted by a stop is run again at the next start and answers success', async (t) => {
  t.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-restart-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // First life: jobs off, so the queued run cannot start; then it is marked as a dying worker leaves it.
  const first = await startOneCGateway({ GATEWAY_JOBS_ENABLED: 'false' }, {}, dir);
  const c = new OneCClient(first.url, 'admin', ADMIN_ACCESS_KEY);
  await c.checkauth();
  await c.init();
  await c.upload('import.xml', IMPORT_207, 5000);
  t.is((await c.call('type=catalog&mode=import&filename=import.xml')).lines[0], 'progress');
  const repo = new CmlExchangeRepository(first.store.db.knex, {
    idleMs: 1_800_000,
    absoluteMs: 86_400_000,
  });
  const run = await repo.latestRun(c.sessid, 'import.xml');
  if (!run) throw new Error('no run');
  await repo.setRun(run.id, 'running', 40);
  await first.dispose();
  // Second life: the cookie still names the session, the run finishes.
  const second = await startOneCGateway({}, {}, dir);
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

test('an import stopped after some batches were committed converges, when run again, to the records of one clean run', async (t) => {
  t.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-cml-resume-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const files = await generateCatalog(dir, 3000, 30);
  const ts = await sqliteStore();
  t.teardown(() => ts.dispose());
  const run = (onProgress: (p: number) => Promise<void>) =>
    importCatalog({
      store: ts.store,
      actor: ts.admin,
      connection: 'default',
      file: files.importFile,
      workDir: dir,
      onProgress,
    });
  // A stop in the write pass (progress above 30%) after at least one batch of 1,000 was committed.
  class Crash extends Error {}
  await t.throwsAsync(
    run(async (p) => {
      if (p >= 30 && (await ts.store.records.count(ts.admin, 'Products')) >= 1000)
        throw new Crash('stop');
    }),
    { instanceOf: Crash },
  );
  const partial = await ts.store.records.count(ts.admin, 'Products');
  t.true(partial >= 1000 && partial < 3000, `partial import left ${partial} products`);
  // The stopped run's full-snapshot Ид are not in the session's list: deactivation cannot act on half a file.
  t.false(existsSync(path.join(dir, SNAPSHOT_FILE)));
  const again = await run(() => Promise.resolve());
  t.is(readFileSync(path.join(dir, SNAPSHOT_FILE), 'utf8').trim().split('\n').length, 3000);
  t.is(again.created, 3000 - partial);
  t.is(again.unchanged, partial + 30);
  t.is(await ts.store.records.count(ts.admin, 'Products'), 3000);
  t.is(await ts.store.records.count(ts.admin, 'Catalogs'), 30);
  const links = await ts.store.syncLinks.forConnection('1c', 'default');
  t.is(links.length, 3030);
  t.is(new Set(links.map((l) => l.recordId)).size, 3030);
  // Record numbers stay unique and gap-free across the interrupted and the resumed run.
  const numbers = (
    await ts.store.db.knex('crm_entities').where({ module: 'Products' }).pluck('record_no')
  ).map((n: string) => Number(n.replace(/\D/g, '')));
  t.is(new Set(numbers).size, 3000);
  t.is(Math.max(...numbers) - Math.min(...numbers), 2999);
  // A third run changes nothing.
  const third = await run(() => Promise.resolve());
  t.like(third, { created: 0, updated: 0, unchanged: 3030 });
});

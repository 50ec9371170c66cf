// SIGKILL of the replica running a 1C import (README.md "Several replicas", store/jobs/worker.ts):
// its job lease (GATEWAY_JOBS_LEASE_MS, short here) runs out, another replica claims the job,
// finds the run still 'running' and imports the file again from the shared copy of the upload;
// the import is an upsert by 1C Ид, so every product exists exactly once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { generateCatalog } from '../../../scripts/bench/commerceml/generate.js';
import { IMPORT_JOB } from '../../../gateway/commerceml/import-job.js';
import { openStore } from '../../../store/store.js';
import { ADMIN_ACCESS_KEY } from '../../helpers/gateway.js';
import { clusterFor } from '../../helpers/replicas/setup.js';
import { adminActor, OneCClient } from '../commerceml/one-c-client.js';

const PRODUCTS = 10_000;

test('a replica killed mid-import: another finishes it, every product exactly once', async (t) => {
  t.timeout(170_000);
  const cluster = await clusterFor(t, {
    env: {
      GATEWAY_BASE_CURRENCY: 'RUB',
      GATEWAY_JOBS_LEASE_MS: '2000',
      // The first poll must find the run still working, however fast this machine imports.
      GATEWAY_CML_IMPORT_WAIT_MS: '250',
    },
  });
  if (!cluster) return;
  const store = await openStore({ kind: 'pg', url: cluster.db.url });
  t.teardown(() => store.close());
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-takeover-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { importFile } = await generateCatalog(dir, PRODUCTS, 20);

  const c = new OneCClient(cluster.url, 'admin', ADMIN_ACCESS_KEY);
  t.is((await c.checkauth()).lines[0], 'success');
  await c.init();
  for (const a of await c.upload('import.xml', readFileSync(importFile), 1 << 20))
    t.is(a.text, 'success');
  const first = await c.call('type=catalog&mode=import&filename=import.xml');
  t.is(first.lines[0], 'progress', first.text);

  // The replica holding the job's lease: its worker id is host:pid:… (store/jobs/worker.ts).
  let pid = 0;
  for (let i = 0; i < 200 && pid === 0; i++) {
    const job = await store.jobs.get(IMPORT_JOB);
    const match = /:(\d+):[^:]*$/.exec(job?.lockedBy ?? '');
    if (job?.status === 'running' && match) pid = Number(match[1]);
    else await new Promise((r) => setTimeout(r, 50));
  }
  const victim = cluster.replicas.find((r) => r.child.proc.pid === pid);
  if (!victim) return t.fail(`no replica runs the import (lease holder pid ${pid})`);
  const actor = await adminActor({ store });
  victim.child.kill('SIGKILL');
  await victim.child.exited;
  const atKill = await store.records.count(actor, 'Products');
  t.true(atKill < PRODUCTS, `${atKill} products written when the replica was killed`);

  // 1C keeps polling through the balancer; the run finishes on a surviving replica.
  const done = await c.importFile('import.xml');
  t.is(done.lines[0], 'success', done.text);
  t.is(await store.records.count(actor, 'Products'), PRODUCTS);
  const links = await store.db
    .knex('sync_links')
    .where({ system: '1c', module: 'Products' })
    .countDistinct({ n: 'record_id' })
    .count({ rows: '*' })
    .first();
  t.is(Number(links?.['n']), PRODUCTS);
  t.is(Number(links?.['rows']), PRODUCTS);
  const job = await store.jobs.get(IMPORT_JOB);
  t.not(job?.lockedBy?.includes(`:${pid}:`), true);
});

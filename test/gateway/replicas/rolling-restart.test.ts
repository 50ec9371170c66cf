// A rolling restart of three replicas behind HAProxy under steady load (README.md "Several
// replicas"): each replica in turn gets SIGTERM, answers /readyz with 503 while it still serves,
// finishes what is in flight, exits 0 and starts again; no client request fails meanwhile.
import test from 'ava';
import { ADMIN_ACCESS_KEY } from '../../helpers/gateway.js';
import { clusterFor } from '../../helpers/replicas/setup.js';
import { VtigerClient } from '../../helpers/vtiger-client.js';

test('rolling restart of all three replicas under steady load: zero failed requests', async (t) => {
  t.timeout(170_000);
  const cluster = await clusterFor(t);
  if (!cluster) return;
  const ws = new VtigerClient(cluster.url);
  t.true(await ws.doLogin('admin', ADMIN_ACCESS_KEY), JSON.stringify(ws.lastError));
  const account = await ws.doCreate('Accounts', { accountname: 'Rolling' });
  if (!account) return t.fail(JSON.stringify(ws.lastError));

  let running = true;
  let ok = 0;
  const failures: string[] = [];
  // Four clients, each one request at a time, for as long as the restart takes (bounded below).
  const client = async (): Promise<void> => {
    while (running) {
      try {
        const res = await fetch(
          `${cluster.url}/webservice.php?operation=retrieve&sessionName=${ws.sessionName ?? ''}&id=${account['id'] ?? ''}`,
          { signal: AbortSignal.timeout(20_000) },
        );
        const body = (await res.json()) as { success: boolean };
        if (res.status === 200 && body.success) ok++;
        else failures.push(`HTTP ${res.status} ${JSON.stringify(body)}`);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  const load = Promise.all([client(), client(), client(), client()]);
  const names = cluster.replicas.map((r) => r.name);
  try {
    for (let i = 0; i < cluster.replicas.length; i++) {
      const before = ok;
      const replica = cluster.replicas[i];
      if (!replica) return t.fail(`no replica ${i}`);
      replica.child.kill('SIGTERM');
      // Readiness goes false first, while the replica still answers (GATEWAY_SHUTDOWN_DRAIN_MS).
      let ready = 200;
      for (let k = 0; k < 40 && ready === 200; k++) {
        ready = (await fetch(`${replica.url}/readyz`)).status;
        if (ready === 200) await new Promise((r) => setTimeout(r, 20));
      }
      t.is(ready, 503, `replica ${i} is not ready once it got SIGTERM`);
      t.is((await fetch(`${replica.url}/healthz`)).status, 200, 'but it still serves');
      t.is((await replica.child.exited).code, 0, `replica ${i} exits cleanly`);
      await cluster.restart(i);
      await cluster.haproxy.waitFor('UP', names, 30_000);
      t.true(ok > before, `requests kept being answered while replica ${i} restarted`);
    }
  } finally {
    running = false;
    await load;
  }
  t.deepEqual(failures.slice(0, 5), []);
  t.true(ok > 50, `${ok} requests answered`);
});

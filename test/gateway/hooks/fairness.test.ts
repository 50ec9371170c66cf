// Concurrency per subscriber (gateway/hooks/README.md §3): a slow target holds at most a few
// deliveries in flight, so another subscriber's delivery queued behind its backlog goes out at
// once instead of waiting for the slow target's answers.
import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sqliteStore } from '../../helpers/store.js';
import { startTarget } from './fixture.js';
import { loopbackHooks } from './hook-service.js';

const SLOW_MS = 700;

async function slowTarget(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.end(), SLOW_MS));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`, server };
}

test("a slow subscriber's backlog does not hold another subscriber's delivery", async (t) => {
  t.timeout(60_000);
  const ts = await sqliteStore();
  const slow = await slowTarget();
  const fast = await startTarget();
  t.teardown(async () => {
    slow.server.closeAllConnections();
    slow.server.close();
    await fast.close();
    await ts.dispose();
  });
  const hooks = loopbackHooks(ts, 10_000);
  const caller = { userId: ts.admin.userId, actor: ts.admin };
  await hooks.subscribe(caller, { target_url: slow.url, event: 'created', module: 'Contacts' });
  // Forty contacts queue forty deliveries to the slow target, older than the fast one's.
  for (let i = 0; i < 40; i++)
    await ts.store.records.create(ts.admin, 'Contacts', { values: { lastname: `Slow ${i}` } });
  await hooks.runOnce(AbortSignal.timeout(1));
  await hooks.subscribe(caller, { target_url: fast.url, event: 'created', module: 'Contacts' });
  await ts.store.records.create(ts.admin, 'Contacts', { values: { lastname: 'Fast' } });
  const started = Date.now();
  const run = hooks.runOnce();
  while (fast.received.length === 0 && Date.now() - started < 20_000)
    await new Promise((r) => setTimeout(r, 10));
  const waited = Date.now() - started;
  await run;
  t.is(fast.received.length, 1);
  t.true(waited < SLOW_MS, `the fast subscriber waited ${waited} ms`);
});

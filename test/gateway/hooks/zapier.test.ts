// Zapier's own runtime (npm zapier-platform-core) runs our app definition (zapier-app.ts) offline
// against the running gateway: performSubscribe, perform on a real delivery, performList,
// performUnsubscribe (gateway/hooks/README.md §1). The gateway runs in its own process: Zapier's
// runtime patches node:http's request() in the process it runs in, for its own logging.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import { ADMIN_ACCESS_KEY } from '../../helpers/gateway.js';
import { listeningPort, runGateway } from '../../helpers/process.js';
import { basic, startTarget, vtews, waitFor } from './fixture.js';
import { gatewayZapierApp } from './zapier-app.js';

interface Trigger {
  operation: {
    performSubscribe: (z: ZObject, b: Bundle) => Promise<{ id: string; secret: string }>;
    performUnsubscribe: (z: ZObject, b: Bundle) => Promise<unknown>;
    perform: (z: ZObject, b: Bundle) => Record<string, string>[];
    performList: (z: ZObject, b: Bundle) => Promise<Record<string, string>[]>;
  };
}

test('a Zapier REST hook trigger subscribes, receives, lists and unsubscribes', async (t) => {
  t.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-zapier-'));
  const child = runGateway({
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_ADMIN_PASSWORD: 'admin-password-1',
    GATEWAY_ADMIN_ACCESS_KEY: ADMIN_ACCESS_KEY,
    GATEWAY_JOBS_POLL_MS: '50',
    GATEWAY_OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
  });
  const target = await startTarget();
  t.teardown(async () => {
    child.kill();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await child.waitFor('gateway listening');
  const gw = { url: `http://127.0.0.1:${listeningPort(child.stdout())}` };
  const appTester = zapier.createAppTester(gatewayZapierApp);
  const trigger = gatewayZapierApp.triggers.contact_created as unknown as Trigger;
  const authData = { base_url: gw.url, username: 'admin', access_key: ADMIN_ACCESS_KEY };

  const sub = await appTester(trigger.operation.performSubscribe, {
    authData,
    targetUrl: target.url,
    inputData: { filter: "lastname LIKE 'Z%'" },
  });
  t.regex(sub.id, /^\d+$/);
  t.regex(sub.secret, /^whsec_/);

  const admin = basic('admin', ADMIN_ACCESS_KEY);
  await vtews(gw, admin, 'create', { elementType: 'Contacts', element: { lastname: 'Ignored' } });
  const zed = await vtews(gw, admin, 'create', {
    elementType: 'Contacts',
    element: { lastname: 'Zapped', email: 'z@example.com' },
  });
  // Only POSTs are deliveries (Zapier's runtime may look at the target URL itself).
  const posts = (): typeof target.received => target.received.filter((r) => r.method === 'POST');
  t.true(await waitFor(() => posts().length >= 1));
  const delivery = posts()[0];
  if (!delivery) return t.fail();
  const headers = Object.fromEntries(
    Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]),
  );
  const items = await appTester(trigger.operation.perform, {
    authData,
    subscribeData: sub,
    rawRequest: { headers, content: delivery.body },
    cleanedRequest: JSON.parse(delivery.body) as Record<string, string>,
  });
  t.deepEqual(
    items.map((i) => [i.id, i.lastname, i.email]),
    [[zed.id, 'Zapped', 'z@example.com']],
  );
  // A body changed on the way is refused by the app's check.
  await t.throwsAsync(
    appTester(trigger.operation.perform, {
      authData,
      subscribeData: sub,
      rawRequest: { headers, content: delivery.body.replace('Zapped', 'Zipped') },
    }),
  );

  const listed = await appTester(trigger.operation.performList, { authData });
  t.deepEqual(
    listed.map((i) => i.lastname),
    ['Zapped', 'Ignored'],
  );

  await appTester(trigger.operation.performUnsubscribe, { authData, subscribeData: sub });
  const left = await fetch(`${gw.url}/restapi/v1/hooks`, { headers: { Authorization: admin } });
  t.deepEqual(await left.json(), []);
  await t.throwsAsync(
    appTester(trigger.operation.performUnsubscribe, { authData, subscribeData: sub }),
    { message: /404|no hook subscription/ },
  );
});

import test from 'ava';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startTestGateway } from '../helpers/gateway.js';

test('health, readiness and metrics answer', async (t) => {
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const health = await fetch(`${gw.url}/healthz`);
  t.is(health.status, 200);
  t.is(((await health.json()) as { status: string }).status, 'ok');
  t.truthy(health.headers.get('x-request-id'));
  const ready = await fetch(`${gw.url}/readyz`, { headers: { 'X-Request-Id': 'trace-123' } });
  t.is(ready.status, 200);
  t.is(ready.headers.get('x-request-id'), 'trace-123');
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  t.regex(metrics, /gateway_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
  t.regex(metrics, /gateway_up 1/);
  t.is((await fetch(`${gw.url}/nope`)).status, 404);
});

test('first start creates the admin from the environment; migrations ran', async (t) => {
  const gw = await startTestGateway({ GATEWAY_ADMIN_USER: 'root' });
  t.teardown(() => gw.dispose());
  t.true(gw.bootstrap.created);
  t.deepEqual(gw.bootstrap.generated, {}, 'nothing generated when both are set');
  const admin = await gw.store.users.findByUserName('root');
  t.true(admin?.isAdmin);
  t.is(admin?.accessKey, 'adminAccessKey0123');
  t.truthy(await gw.store.users.verifyPassword('root', 'admin-password-1'));
  t.true(await gw.store.db.knex.schema.hasTable('mod_salesorder'));
  t.true(existsSync(path.join(gw.dataDir, 'gateway.sqlite')));
  t.true(existsSync(path.join(gw.dataDir, 'gateway.pid')));
});

test('a declared body above the limit is refused with 413 before it is read', async (t) => {
  const gw = await startTestGateway({ GATEWAY_BODY_LIMIT_BYTES: '2048' });
  t.teardown(() => gw.dispose());
  const res = await fetch(`${gw.url}/healthz`, { method: 'POST', body: 'x'.repeat(4096) });
  t.is(res.status, 413);
  t.regex(await res.text(), /exceeds the limit of 2048 bytes/);
});

test('graceful stop: refuses new connections, finishes the request in flight, closes the store', async (t) => {
  let entered: () => void = () => undefined;
  const inFlight = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const gw = await startTestGateway(
    {},
    {
      mount: (app) =>
        app.use(async (ctx, next) => {
          if (ctx.path !== '/slow') return next();
          entered();
          await new Promise((r) => setTimeout(r, 400));
          ctx.body = 'done';
        }),
    },
  );
  const slow = fetch(`${gw.url}/slow`).then(async (r) => [r.status, await r.text()] as const);
  await inFlight;
  const stopped = gw.stop();
  await new Promise((r) => setTimeout(r, 50));
  await t.throwsAsync(
    fetch(`${gw.url}/healthz`),
    undefined,
    'new connections refused while stopping',
  );
  t.deepEqual(await slow, [200, 'done']);
  await stopped;
  await t.throwsAsync(gw.store.db.knex.raw('select 1'), undefined, 'database closed');
  t.false(existsSync(path.join(gw.dataDir, 'gateway.pid')));
  await gw.dispose();
});

// The sender against npm web-push-testing, an independent push service that verifies the VAPID
// signature against the key the subscription was made with and decrypts the aes128gcm body
// (test/helpers/web-push-testing.ts), behind a TLS front (test/helpers/tls-front.ts) so the
// endpoint is https as a real push service's is; an expired subscription answers 410 and is
// removed.
import test from 'ava';
import { createHttpClient } from '../../../adapters/http.js';
import { startTlsFront } from '../../helpers/tls-front.js';
import { startWebPushTesting } from '../../helpers/web-push-testing.js';
import { pushFixture, SUBJECT } from './fixture.js';

test('web-push-testing verifies, decrypts and expires', async (t) => {
  const wpt = await startWebPushTesting();
  const front = await startTlsFront(wpt.url);
  wpt.publishAt(front.url);
  // Only the front's certificate is added; plain http endpoints are not allowed here.
  const http = createHttpClient({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 10_000,
    maxResponseBytes: 65_536,
    maxRedirects: 0,
    retries: 0,
    userAgent: 'test',
    extraCa: front.ca,
  });
  const f = await pushFixture(undefined, { GATEWAY_OUTBOUND_ALLOW_HOSTS: '' }, http);
  t.teardown(async () => {
    await f.dispose();
    await front.close();
    await wpt.close();
  });
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  const { publicKey } = (await (
    await f.call('GET', '/restapi/v1/push/vapid-public-key')
  ).json()) as {
    publicKey: string;
  };
  const sub = await wpt.subscribe(publicKey);
  t.true(sub.endpoint.startsWith(`${front.url}/notify/`));
  const res = await f.call('POST', '/restapi/v1/push/subscriptions', {
    endpoint: sub.endpoint,
    keys: sub.keys,
  });
  t.is(res.status, 201);
  const admin = await f.gw.store.users.findByUserName('admin');
  if (!admin) return t.fail('no admin');
  const expiresAt = new Date(f.clock.now.getTime() + 600_000);
  await f.gw.push.notifier.notify(admin.id, {
    kind: 'ticket',
    title: 'Ticket TT1',
    body: 'Printer on fire',
    recordId: 3,
    expiresAt,
  });
  t.like(await f.gw.push.sendNow(), { sent: 1 });
  const [message] = await wpt.messages(sub.clientHash);
  t.like(JSON.parse(message ?? '{}'), { title: 'Ticket TT1', body: 'Printer on fire' });

  await wpt.expire(sub.clientHash);
  await f.gw.push.notifier.notify(admin.id, {
    kind: 'ticket',
    title: 'Again',
    body: '',
    recordId: 3,
    expiresAt,
  });
  t.like(await f.gw.push.sendNow(), { gone: 1 });
  t.deepEqual(await f.gw.push.push.subscriptions.listForUser(admin.id), []);
});

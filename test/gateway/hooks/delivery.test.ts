// REST hook deliveries (gateway/hooks/README.md §2–§3): subscribed over REST, fed by changes made
// over REST, posted by the running `hooks.deliver` job, and verified by an independent Standard
// Webhooks implementation (npm standardwebhooks) — which refuses a tampered body and an old
// timestamp.
import test, { type TestFn } from 'ava';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { ADMIN_ACCESS_KEY, startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { basic, hooksCall, startTarget, vtews, waitFor, type Target } from './fixture.js';

const admin = basic('admin', ADMIN_ACCESS_KEY);

interface Ctx {
  gw: TestGateway;
  target: Target;
}

const ctx = test as TestFn<Ctx>;

ctx.before(async (t) => {
  t.context.gw = await startTestGateway();
  t.context.target = await startTarget();
});

ctx.after.always(async (t) => {
  await t.context.gw?.dispose();
  await t.context.target?.close();
});

ctx.serial('a delivery is signed per Standard Webhooks and carries the record', async (t) => {
  const { gw, target } = t.context;
  const sub = await hooksCall(gw, admin, '', {
    json: { target_url: target.url, event: 'created', module: 'Contacts' },
  });
  t.is(sub.status, 201);
  const { id, secret } = sub.body as { id: string; secret: string };
  t.regex(secret, /^whsec_[A-Za-z0-9+/=]{32}$/);
  const contact = await vtews(gw, admin, 'create', {
    elementType: 'Contacts',
    element: { lastname: 'Hooked', firstname: 'Ada' },
  });
  t.true(await waitFor(() => target.received.length >= 1));
  const [got] = target.received;
  if (!got) return t.fail();
  const headers = {
    'webhook-id': String(got.headers['webhook-id']),
    'webhook-timestamp': String(got.headers['webhook-timestamp']),
    'webhook-signature': String(got.headers['webhook-signature']),
  };
  const body = new Webhook(secret).verify(got.body, headers) as {
    type: string;
    timestamp: string;
    data: Record<string, string>;
  };
  t.is(body.type, 'Contacts.created');
  t.is(body.data.id, contact.id);
  t.is(body.data.lastname, 'Hooked');
  t.is(got.headers['content-type'], 'application/json');
  // A tampered body and a timestamp from an hour ago are refused by the same verifier.
  const tampered = got.body.replace('Hooked', 'Hacked');
  t.throws(() => new Webhook(secret).verify(tampered, headers), {
    instanceOf: WebhookVerificationError,
  });
  const old = new Date(Date.now() - 3_600_000);
  const oldHeaders = {
    ...headers,
    'webhook-timestamp': String(Math.floor(old.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(headers['webhook-id'], old, got.body),
  };
  t.throws(() => new Webhook(secret).verify(got.body, oldHeaders), {
    instanceOf: WebhookVerificationError,
  });
  // Another secret does not verify either.
  t.throws(() =>
    new Webhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`).verify(got.body, headers),
  );
  t.is((await hooksCall(gw, admin, `/${id}`, { method: 'DELETE' })).status, 204);
});

// A restart with deliveries pending (gateway/hooks/README.md §2): a delivery failing when the
// gateway stops, and changes committed while no process fans out, all arrive after the restart,
// each once, in the order of the record's changes, signed with the secret given before the stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { Webhook } from 'standardwebhooks';
import { ADMIN_ACCESS_KEY, startTestGateway } from '../../helpers/gateway.js';
import { basic, hooksCall, startTarget, vtews, waitFor } from './fixture.js';

const admin = basic('admin', ADMIN_ACCESS_KEY);

test('nothing is lost across restarts and a record keeps its order', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-hooks-'));
  const target = await startTarget();
  t.teardown(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const first = await startTestGateway({}, {}, dir);
  const sub = await hooksCall(first, admin, '', {
    json: { target_url: target.url, event: 'updated', module: 'Contacts' },
  });
  const { secret } = sub.body as { secret: string };
  target.status = 503;
  const contact = await vtews(first, admin, 'create', {
    elementType: 'Contacts',
    element: { lastname: 'a0' },
  });
  await vtews(first, admin, 'update', { id: contact.id, columns: { lastname: 'a1' } });
  t.true(await waitFor(() => target.received.length >= 1), 'the first update was tried');
  await first.stop();

  // Changes committed while no process runs the hooks job.
  const idle = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' }, {}, dir);
  await vtews(idle, admin, 'update', { id: contact.id, columns: { lastname: 'a2' } });
  await vtews(idle, admin, 'update', { id: contact.id, columns: { lastname: 'a3' } });
  await idle.stop();

  target.status = 200;
  const failedTries = target.received.length;
  const last = await startTestGateway({}, {}, dir);
  t.teardown(() => last.stop());
  t.true(await waitFor(() => target.received.length >= failedTries + 3));
  await new Promise((r) => setTimeout(r, 300));
  const delivered = target.received.slice(failedTries);
  t.is(delivered.length, 3, 'each event once');
  const bodies = delivered.map((r) => {
    const verified = new Webhook(secret).verify(r.body, {
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    }) as { type: string; data: { lastname: string } };
    return { id: String(r.headers['webhook-id']), body: verified };
  });
  t.is(new Set(bodies.map((b) => b.id)).size, 3);
  t.is(bodies[0]?.body.data.lastname, 'a1', 'the failed delivery comes first');
  t.is(bodies[2]?.body.data.lastname, 'a3');
  const outbox = (await last.hooks.outbox.list({ limit: 10 })).reverse();
  t.deepEqual(
    outbox.map((d) => d.messageId),
    bodies.map((b) => b.id),
    'delivered in the order of the changes',
  );
  t.true(outbox.every((d) => d.status === 'delivered'));
});

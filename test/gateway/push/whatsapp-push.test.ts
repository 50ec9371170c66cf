// WhatsApp conversations as a Web Push kind (gateway/push/README.md §5): a customer's message on a
// ticket assigned to a user notifies that user, once per message (a repeated webhook delivery is
// not pushed again), and the user's `whatsapp` switch turns it off.
import test from 'ava';
import { envelope, metaJson, text } from '../../fixtures/whatsapp/webhooks.js';
import { BOB_ACCESS_KEY, createBob } from '../../helpers/rest-fixture.js';
import { configureChannel } from '../../helpers/whatsapp.js';
import { basic, pushFixture, SUBJECT, type PushFixture } from './fixture.js';

const BOB = basic('bob', BOB_ACCESS_KEY);

async function customerWrites(f: PushFixture, wamid: string, body: string): Promise<void> {
  await f.gw.whatsapp.inbox.add(metaJson(envelope([text({ waId: '4915140404040' }, wamid, body)])));
  const counts = await f.gw.whatsapp.processor.runPending();
  if (counts.failed > 0) throw new Error('a delivery failed');
}

function pushed(f: PushFixture): { title: string; body: string; kind: string }[] {
  return f.service.received.map(
    (r) => JSON.parse(r.payload) as { title: string; body: string; kind: string },
  );
}

test('a customer message on a ticket notifies its owner, by the whatsapp switch', async (t) => {
  t.timeout(90_000);
  const f = await pushFixture();
  t.teardown(() => f.dispose());
  await f.gw.push.push.vapid.setSubject(SUBJECT);
  const bobId = await createBob(f.gw.store);
  t.is(
    (await f.call('POST', '/restapi/v1/push/subscriptions', f.service.subscribe(), BOB)).status,
    201,
  );
  // The channel's tickets are assigned to bob.
  await configureChannel(f.gw.whatsapp, 'http://127.0.0.1:9', { ownerId: bobId });
  t.is(await f.gw.push.queueWhatsApp(), 0, 'the first run starts at the newest message');

  await customerWrites(f, 'wamid.push.1', 'My order did not arrive');
  await customerWrites(f, 'wamid.push.2', 'Order 1234');
  t.is(await f.gw.push.queueWhatsApp(), 2);
  await f.gw.push.queueChanges();
  t.like(await f.gw.push.sendNow(), { sent: 1 }, 'the newer message replaced the queued one');
  const [first] = pushed(f);
  t.like(first, {
    kind: 'whatsapp',
    title: 'WhatsApp: WhatsApp +4915140404040',
    body: 'Order 1234',
  });

  // The same delivery again stores nothing and pushes nothing.
  await customerWrites(f, 'wamid.push.2', 'Order 1234');
  t.is(await f.gw.push.queueWhatsApp(), 0);

  const off = await f.call(
    'PUT',
    '/restapi/v1/push/preferences',
    { kinds: { whatsapp: false } },
    BOB,
  );
  t.is(off.status, 200);
  await customerWrites(f, 'wamid.push.3', 'Hello?');
  t.is(await f.gw.push.queueWhatsApp(), 1);
  await f.gw.push.queueChanges();
  t.like(await f.gw.push.sendNow(), { sent: 0 });
  t.is(pushed(f).length, 1);
});

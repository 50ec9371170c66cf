// A conversation end to end (gateway/whatsapp/README.md §3–§5), every request to the Cloud API
// validated by Stoplight Prism serving Meta's OpenAPI description (a request the spec refuses is
// answered 422 and the send fails): a customer writes → lead and ticket; an agent answers in the
// window, from the service and from a ticket comment; the window ends → a free-form answer is
// refused before anything is stored, a template is sent; statuses arrive out of order; the job
// closes the conversation.
import test from 'ava';
import { envelope, status, text } from '../../fixtures/whatsapp/webhooks.js';
import { startTestGateway } from '../../helpers/gateway.js';
import { configureChannel, postDelivery, startPrism, type Prism } from '../../helpers/whatsapp.js';
import { SETTLE_MS } from '../../../gateway/whatsapp/core/agent-replies.js';
import { channelActor } from '../../../gateway/whatsapp/core/actor.js';

let prism: Prism | null = null;

test.before(async () => {
  prism = await startPrism();
});
test.after.always(() => prism?.stop());

test('customer writes, agent answers, window expires, template, statuses, close', async (t) => {
  t.timeout(180_000);
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const channel = await configureChannel(gw.whatsapp, prism?.url ?? '');
  const knex = gw.store.db.knex;
  const wa = gw.whatsapp;
  const from = { waId: '16505551234', name: 'Kerry Fisher' };

  t.is(
    (await postDelivery(gw.url, envelope([text(from, 'wamid.in1', 'Where is my order?')]))).status,
    200,
  );
  await wa.processor.runPending();
  const conversation = await knex('mod_whatsappconversations').first<{
    id: number;
    ticket_id: number;
  }>();
  t.truthy(conversation?.ticket_id);

  // In the window: a free-form answer validates against the spec and is sent.
  const answer = await wa.send({
    channelId: channel.id,
    to: '+1 650 555 1234',
    content: { kind: 'text', text: 'It ships today.' },
  });
  t.is(answer.status, 'sent');
  t.regex(answer.wamid ?? '', /^wamid\./);
  // The answer shows on the ticket as a comment, and is not sent again as an agent reply.
  t.is((await knex('mod_modcomments').select('id')).length, 1);

  // An agent's comment on the ticket is sent (once the comment has settled).
  await wa.replies.run();
  const actor = await channelActor(gw.store, channel);
  await gw.store.records.create(actor, 'ModComments', {
    values: { commentcontent: 'Tracking number: 123', related_to: String(conversation?.ticket_id) },
  });
  t.deepEqual(await wa.replies.run(Date.now() + SETTLE_MS + 1000), { sent: 1, refused: 0 });
  t.deepEqual(await wa.replies.run(Date.now() + SETTLE_MS + 1000), { sent: 0, refused: 0 });
  const outgoing = await knex('whatsapp_messages')
    .where({ direction: 'out' })
    .select<{ status: string; text: string }[]>('status', 'text');
  t.deepEqual(
    outgoing.map((m) => [m.status, m.text]),
    [
      ['sent', 'It ships today.'],
      ['sent', 'Tracking number: 123'],
    ],
  );

  // Statuses out of order: read before delivered before sent.
  const wamid = answer.wamid ?? '';
  await postDelivery(
    gw.url,
    envelope([
      status(wamid, from.waId, 'read'),
      status(wamid, from.waId, 'delivered'),
      status(wamid, from.waId, 'sent'),
    ]),
  );
  await wa.processor.runPending();
  t.is((await wa.messages.byWamid(wamid))?.status, 'read');
  const convAfter = await knex('mod_whatsappconversations').first<{
    last_message_status: string;
  }>();
  t.is(convAfter?.last_message_status, 'read');

  // The window ends.
  await gw.store.records.update(
    actor,
    'WhatsAppConversations',
    conversation?.id ?? 0,
    { values: { window_end: '2020-01-01 00:00:00' } },
    'revise',
  );
  const before = await wa.messages.count();
  const refused = await wa
    .send({ channelId: channel.id, to: from.waId, content: { kind: 'text', text: 'Hello again' } })
    .catch((e: unknown) => e);
  t.true(refused instanceof Error);
  t.regex((refused as Error).message, /outside the 24-hour customer-service window/);
  t.is(await wa.messages.count(), before, 'nothing stored');

  // Templates come from the spec's example page; hello_world takes no parameters.
  t.true((await wa.syncTemplates(channel.id)) >= 1);
  const template = await wa.send({
    channelId: channel.id,
    to: from.waId,
    content: { kind: 'template', name: 'hello_world', language: 'en_US', params: [] },
  });
  t.is(template.status, 'sent');
  const wrongParams = await wa
    .send({
      channelId: channel.id,
      to: from.waId,
      content: { kind: 'template', name: 'hello_world', language: 'en_US', params: ['x'] },
    })
    .catch((e: unknown) => e);
  t.regex((wrongParams as Error).message, /takes 0 parameters, 1 given/);

  // The job closes the conversation; the customer's next message opens a new one.
  t.deepEqual(await wa.closer.run(), { closed: 1, reminded: 0 });
  t.is(
    (await knex('mod_whatsappconversations').first<{ conversation_status: string }>())
      ?.conversation_status,
    'Closed',
  );
  await postDelivery(gw.url, envelope([text(from, 'wamid.in2', 'Thanks!')]));
  await wa.processor.runPending();
  t.is((await knex('mod_whatsappconversations').select('id')).length, 2);
  t.deepEqual(prism?.violations(), [], 'every request conformed to the spec');
  // The control: a body without recipient_type (which the spec requires) is refused.
  const bad = await wa.client
    .send(await wa.target(channel), channel.phoneNumberId, {
      messaging_product: 'whatsapp',
      to: from.waId,
      type: 'text',
      text: { body: 'x' },
    })
    .catch((e: unknown) => e);
  t.like(bad, { status: 422 });
  t.regex(prism?.violations()[0] ?? '', /recipient_type/);
});

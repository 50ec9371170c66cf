// whatsapp_send over the vtiger webservice (gateway/whatsapp/README.md §4), against Prism serving
// Meta's OpenAPI description: to the customer of a ticket inside the window; refused with a clear
// error, and nothing stored, outside it; a template instead.
import test from 'ava';
import { adminClient } from '../../helpers/rest-fixture.js';
import { startPrism, type Prism } from '../../helpers/whatsapp.js';
import { ticketConversation } from './ticket-conversation.js';
import { channelActor } from '../../../gateway/whatsapp/core/actor.js';

let prism: Prism | null = null;
test.before(async () => {
  prism = await startPrism();
});
test.after.always(() => prism?.stop());

test('whatsapp_send answers a ticket in the window, refuses outside it, sends a template', async (t) => {
  t.timeout(180_000);
  const { gw, channel, conv } = await ticketConversation(
    t,
    prism?.url ?? '',
    '5511987654321',
    'wamid.r1',
  );
  const client = await adminClient(gw);
  const sent = await client.post({
    operation: 'whatsapp_send',
    recordId: `17x${conv?.ticket_id}`,
    text: 'Olá! Como posso ajudar?',
  });
  t.true(sent.success, JSON.stringify(sent));
  t.like(sent.result, { status: 'sent' });

  const missing = await client.post({
    operation: 'whatsapp_send',
    recordId: `17x${conv?.ticket_id}`,
  });
  t.false(missing.success);

  await gw.store.records.update(
    await channelActor(gw.store, channel),
    'WhatsAppConversations',
    conv?.id ?? 0,
    { values: { window_end: '2020-01-01 00:00:00' } },
    'revise',
  );
  const before = await gw.whatsapp.messages.count();
  const refused = await client.post({
    operation: 'whatsapp_send',
    recordId: `61x${conv?.id}`,
    text: 'Still there?',
  });
  t.false(refused.success);
  t.regex(JSON.stringify(refused.error), /outside the 24-hour customer-service window/);
  t.is(await gw.whatsapp.messages.count(), before);

  await gw.whatsapp.syncTemplates(channel.id);
  const template = await client.post({
    operation: 'whatsapp_send',
    to: '+55 11 98765-4321',
    template: 'hello_world',
    language: 'en_US',
    params: '[]',
  });
  t.true(template.success, JSON.stringify(template));
  t.deepEqual(prism?.violations(), []);
});

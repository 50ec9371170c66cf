// Matching senders (gateway/whatsapp/README.md §3.1, §3.2): the `wa_id` field of Contacts and
// Leads is matched before a phone number and is filled in on the first match by number; a
// message joins the contact's open ticket only when that ticket changed within the channel's
// matching window (days).
import test from 'ava';
import { adminActor } from '../../../gateway/currencies/cli-actor.js';
import { getModule } from '../../../store/modules/registry.js';
import { envelope, metaJson, text } from '../../fixtures/whatsapp/webhooks.js';
import type { TestGateway } from '../../helpers/gateway.js';
import { offlineChannel } from './offline-channel.js';

async function deliver(gw: TestGateway, waId: string, wamid: string): Promise<void> {
  await gw.whatsapp.inbox.add(metaJson(envelope([text({ waId }, wamid, 'Hello')])));
  const counts = await gw.whatsapp.processor.runPending();
  if (counts.failed > 0) throw new Error('a delivery failed');
}

async function conversationOf(gw: TestGateway, wamid: string): Promise<Record<string, unknown>> {
  const row = await gw.store.db
    .knex('whatsapp_messages as w')
    .join('mod_whatsappconversations as c', 'c.id', 'w.conversation_id')
    .where('w.wamid', wamid)
    .first<Record<string, unknown>>('c.contact_id', 'c.lead_id', 'c.ticket_id');
  return row ?? {};
}

test('the wa_id field matches first; a match by number fills it in', async (t) => {
  t.timeout(60_000);
  const gw = await offlineChannel(t);
  const actor = await adminActor(gw.store);
  // A lead holds the number, a contact only the WhatsApp id: the contact wins.
  await gw.store.records.create(actor, 'Leads', {
    values: { lastname: 'By number', mobile: '+49 151 11112222' },
  });
  const byId = await gw.store.records.create(actor, 'Contacts', {
    values: { lastname: 'By id', wa_id: '4915111112222' },
  });
  await deliver(gw, '4915111112222', 'wamid.match.1');
  t.is(Number((await conversationOf(gw, 'wamid.match.1')).contact_id), byId.id);

  // A contact found by its mobile number keeps the sender's id from then on.
  const byMobile = await gw.store.records.create(actor, 'Contacts', {
    values: { lastname: 'By mobile', mobile: '+49 151 33334444' },
  });
  await deliver(gw, '4915133334444', 'wamid.match.2');
  t.is(Number((await conversationOf(gw, 'wamid.match.2')).contact_id), byMobile.id);
  const read = await gw.store.records.read(getModule('Contacts'), byMobile.id);
  t.is(read?.values['wa_id'], '4915133334444');
  // Its number changes in the CRM: the id still finds it.
  await gw.store.records.update(
    actor,
    'Contacts',
    byMobile.id,
    { values: { mobile: '+49 151 99990000' } },
    'revise',
  );
  await deliver(gw, '4915133334444', 'wamid.match.3');
  t.is(Number((await conversationOf(gw, 'wamid.match.3')).contact_id), byMobile.id);

  // An unknown sender becomes a lead that carries the id.
  await deliver(gw, '4915155556666', 'wamid.match.4');
  const lead = await gw.store.db
    .knex('mod_leads')
    .where({ wa_id: '4915155556666' })
    .first<{ id: number }>('id');
  t.truthy(lead);
  t.is(Number((await conversationOf(gw, 'wamid.match.4')).lead_id), Number(lead?.id));
});

test('a message joins an open ticket only within the matching window', async (t) => {
  t.timeout(60_000);
  const gw = await offlineChannel(t);
  const actor = await adminActor(gw.store);
  const contact = await gw.store.records.create(actor, 'Contacts', {
    values: { lastname: 'Window', mobile: '+49 151 77778888' },
  });
  const ticket = await gw.store.records.create(actor, 'HelpDesk', {
    values: { ticket_title: 'Old issue', ticketstatus: 'Open', contact_id: String(contact.id) },
  });
  // The channel's window is 30 days (configureChannel); the ticket last changed 40 days ago.
  const old = new Date(Date.now() - 40 * 86_400_000).toISOString().replace('T', ' ').slice(0, 23);
  await gw.store.db.knex('crm_entities').where({ id: ticket.id }).update({ modifiedtime: old });
  await deliver(gw, '4915177778888', 'wamid.window.1');
  const first = await conversationOf(gw, 'wamid.window.1');
  t.not(Number(first.ticket_id), ticket.id, 'a stale ticket is not joined');
  t.truthy(first.ticket_id);

  // Within the window the open ticket is joined: close the conversation, write again.
  const recent = await gw.store.records.create(actor, 'Contacts', {
    values: { lastname: 'Recent', mobile: '+49 151 12121212' },
  });
  const fresh = await gw.store.records.create(actor, 'HelpDesk', {
    values: { ticket_title: 'Fresh issue', ticketstatus: 'Open', contact_id: String(recent.id) },
  });
  await deliver(gw, '4915112121212', 'wamid.window.2');
  t.is(Number((await conversationOf(gw, 'wamid.window.2')).ticket_id), fresh.id);
});

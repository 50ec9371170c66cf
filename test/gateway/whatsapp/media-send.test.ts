// Sending a file from the CRM (gateway/whatsapp/README.md §4): whatsapp_send with a document of the
// ticket uploads it to POST /{Phone-Number-ID}/media and sends it by id, both requests validated by
// Prism serving Meta's OpenAPI description; a document of another record, or a send outside the
// window, is refused and nothing is stored.
import test from 'ava';
import { createHash } from 'node:crypto';
import { channelActor } from '../../../gateway/whatsapp/core/actor.js';
import { nowUtc } from '../../../store/db.js';
import { adminClient } from '../../helpers/rest-fixture.js';
import { startPrism, type Prism } from '../../helpers/whatsapp.js';
import { ticketConversation } from './ticket-conversation.js';
import type { TestGateway } from '../../helpers/gateway.js';

let prism: Prism | null = null;
test.before(async () => {
  prism = await startPrism();
});
test.after.always(() => prism?.stop());

async function attach(gw: TestGateway, recordId: number, name: string, mime: string) {
  const content = Buffer.from(`%PDF-1.4 ${name}`);
  const [row] = await gw.store.db
    .knex('documents')
    .insert({
      record_id: recordId,
      file_name: name,
      mime,
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
      source: 'test',
      created_at: nowUtc(),
    })
    .returning('id');
  return Number(typeof row === 'object' ? (row as { id: number }).id : row);
}

test('a document of the ticket is uploaded and sent by id; others are refused', async (t) => {
  t.timeout(180_000);
  const { gw, channel, conv } = await ticketConversation(
    t,
    prism?.url ?? '',
    '5511987650000',
    'wamid.m1',
  );
  const ticketId = Number(conv?.ticket_id);
  const invoice = await attach(gw, ticketId, 'invoice.pdf', 'application/pdf');
  const client = await adminClient(gw);
  const sent = await client.post({
    operation: 'whatsapp_send',
    recordId: `17x${ticketId}`,
    documentId: String(invoice),
    caption: 'Your invoice',
  });
  t.true(sent.success, JSON.stringify(sent));
  t.like(sent.result, { status: 'sent' });
  const stored = await gw.store.db
    .knex('whatsapp_messages')
    .where({ direction: 'out' })
    .first<{ type: string; media_id: string; media_mime: string; payload: string }>();
  t.is(stored?.type, 'document');
  t.is(stored?.media_mime, 'application/pdf');
  t.truthy(stored?.media_id, 'the id the upload answered');
  t.like(JSON.parse(stored?.payload ?? '{}'), {
    type: 'document',
    document: { id: stored?.media_id, caption: 'Your invoice', filename: 'invoice.pdf' },
  });
  t.deepEqual(prism?.violations(), []);

  // A document on another record is not the ticket's to send.
  const other = await gw.store.records.create(await channelActor(gw.store, channel), 'Accounts', {
    values: { accountname: 'Elsewhere' },
  });
  const foreign = await attach(gw, other.id, 'secret.pdf', 'application/pdf');
  const before = await gw.whatsapp.messages.count();
  const refused = await client.post({
    operation: 'whatsapp_send',
    recordId: `17x${ticketId}`,
    documentId: String(foreign),
  });
  t.false(refused.success);
  t.regex(JSON.stringify(refused.error), /no such document/);

  // Outside the window a file is refused before an upload, like a text.
  await gw.store.records.update(
    await channelActor(gw.store, channel),
    'WhatsAppConversations',
    conv?.id ?? 0,
    { values: { window_end: '2020-01-01 00:00:00' } },
    'revise',
  );
  const late = await client.post({
    operation: 'whatsapp_send',
    recordId: `17x${ticketId}`,
    documentId: String(invoice),
  });
  t.false(late.success);
  t.regex(JSON.stringify(late.error), /outside the 24-hour customer-service window/);
  t.is(await gw.whatsapp.messages.count(), before);
});

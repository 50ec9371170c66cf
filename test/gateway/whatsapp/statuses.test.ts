// Statuses and template status webhooks (gateway/whatsapp/README.md §4.2, §5): statuses arriving
// before their message, out of order and repeated settle on the highest; template events update
// the WhatsAppTemplates module.
import test from 'ava';
import { envelope, status, templateStatus } from '../../fixtures/whatsapp/webhooks.js';
import type { TestGateway } from '../../helpers/gateway.js';
import { postDelivery } from '../../helpers/whatsapp.js';
import { offlineChannel } from './offline-channel.js';

async function count(gw: TestGateway, table: string): Promise<number> {
  const [row] = await gw.store.db.knex(table).count<{ n: number | string }[]>({ n: '*' });
  return Number(row?.n ?? 0);
}

test('statuses before their message, out of order and repeated settle on the highest', async (t) => {
  t.timeout(60_000);
  const gw = await offlineChannel(t);
  const knex = gw.store.db.knex;
  // An outgoing message as the sender stores it, before Meta's answer gave it its wamid.
  const [inserted] = await knex('whatsapp_messages')
    .insert({
      channel_id: 1,
      wamid: null,
      direction: 'out',
      wa_id: '16505551234',
      type: 'text',
      text: 'hi',
      sent_at: '2026-01-01 00:00:00.000',
      status: 'queued',
    })
    .returning('id');
  const id = Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
  const wamid = 'wamid.out1';
  await postDelivery(gw.url, envelope([status(wamid, '16505551234', 'read')]));
  await postDelivery(
    gw.url,
    envelope([status(wamid, '16505551234', 'failed'), status(wamid, '16505551234', 'delivered')]),
  );
  await postDelivery(gw.url, envelope([status(wamid, '16505551234', 'read')]));
  const counts = await gw.whatsapp.processor.runPending();
  t.is(counts.failed, 0);
  t.is(await count(gw, 'whatsapp_statuses'), 3);
  await gw.whatsapp.messages.setSent(id, wamid);
  const after = await gw.whatsapp.messages.get(id);
  t.is(after?.status, 'read');
  // A failure arriving on its own after "sent" shows; a later delivered overrides it.
  await postDelivery(gw.url, envelope([status('wamid.in2', '1', 'sent')]));
  await knex('whatsapp_messages').insert({
    channel_id: 1,
    wamid: 'wamid.out2',
    direction: 'out',
    wa_id: '16505551234',
    type: 'text',
    sent_at: '2026-01-01 00:00:00.000',
    status: 'sent',
  });
  await postDelivery(gw.url, envelope([status('wamid.out2', '16505551234', 'failed')]));
  await gw.whatsapp.processor.runPending();
  const failed = await gw.whatsapp.messages.byWamid('wamid.out2');
  t.like(failed, { status: 'failed', errorCode: 131026, errorTitle: 'Message undeliverable' });
  await postDelivery(gw.url, envelope([status('wamid.out2', '16505551234', 'delivered')]));
  await gw.whatsapp.processor.runPending();
  t.is((await gw.whatsapp.messages.byWamid('wamid.out2'))?.status, 'delivered');
});

test('template status webhooks create and update templates', async (t) => {
  t.timeout(60_000);
  const gw = await offlineChannel(t);
  await postDelivery(
    gw.url,
    envelope([templateStatus('PENDING', '594425479261596', 'order_ready', 'pt_BR')]),
  );
  await postDelivery(
    gw.url,
    envelope([templateStatus('APPROVED', '594425479261596', 'order_ready', 'pt_BR')]),
  );
  await postDelivery(
    gw.url,
    envelope([templateStatus('REJECTED', '594425479261597', 'promo', 'en_US', 'INVALID_FORMAT')]),
  );
  const counts = await gw.whatsapp.processor.runPending();
  t.is(counts.failed, 0);
  const rows = await gw.store.db
    .knex('mod_whatsapptemplates')
    .orderBy('id')
    .select<{ template_name: string; template_status: string; template_reason: string | null }[]>(
      'template_name',
      'template_status',
      'template_reason',
    );
  t.deepEqual(rows, [
    { template_name: 'order_ready', template_status: 'APPROVED', template_reason: null },
    { template_name: 'promo', template_status: 'REJECTED', template_reason: 'INVALID_FORMAT' },
  ]);
});

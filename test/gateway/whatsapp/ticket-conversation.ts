// A gateway whose WhatsApp channel (calling the Graph API at `graphUrl`) has received one message
// from a new customer and turned it into a ticket and a conversation (gateway/whatsapp/README.md
// §3): the start of the tests that answer that ticket from the CRM.
import type { ExecutionContext } from 'ava';
import type { WhatsAppChannel } from '../../../store/whatsapp/types.js';
import { envelope, text } from '../../fixtures/whatsapp/webhooks.js';
import type { TestGateway } from '../../helpers/gateway.js';
import { restGateway } from '../../helpers/rest-fixture.js';
import { configureChannel, postDelivery } from '../../helpers/whatsapp.js';

export interface TicketConversation {
  readonly gw: TestGateway;
  readonly channel: WhatsAppChannel;
  readonly conv: { id: number; ticket_id: number } | undefined;
}

/** The gateway is stopped when the test ends. */
export async function ticketConversation(
  t: ExecutionContext,
  graphUrl: string,
  waId: string,
  messageId: string,
): Promise<TicketConversation> {
  const gw = await restGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  const channel = await configureChannel(gw.whatsapp, graphUrl);
  await postDelivery(gw.url, envelope([text({ waId }, messageId, 'Oi')]));
  await gw.whatsapp.processor.runPending();
  const conv = await gw.store.db
    .knex('mod_whatsappconversations')
    .first<{ id: number; ticket_id: number }>('id', 'ticket_id');
  return { gw, channel, conv };
}

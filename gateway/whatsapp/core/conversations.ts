// Conversations and tickets (gateway/whatsapp/README.md §3.2): one open Conversation per
// (business number, customer number); with tickets on, its first message opens a HelpDesk ticket
// or joins the contact's open one, the first message becomes the description and later ones
// ticket comments, and a customer message sets the ticket to "Customer Replied".
import { nowUtc } from '../../../store/db.js';
import type { Store } from '../../../store/store.js';
import type { Actor } from '../../../store/types.js';
import type { ConversationQueries } from '../../../store/whatsapp/conversation-queries.js';
import type { NumberMatch } from '../../../store/whatsapp/number-repository.js';
import type { WhatsAppChannel } from '../../../store/whatsapp/types.js';
import { crmTime, WINDOW_MS } from './crm-time.js';

export const CUSTOMER_REPLIED = 'Customer Replied';
const DAY_MS = 86_400_000;

export interface ConversationRef {
  readonly id: number;
  readonly ticketId: number | null;
  readonly contactId: number | null;
  /** True when this message started the conversation's ticket (its description). */
  readonly ticketCreated: boolean;
  /** True when this message started the conversation (its window is already set). */
  readonly created: boolean;
}

export class Conversations {
  constructor(
    private readonly store: Store,
    private readonly queries: ConversationQueries,
  ) {}

  /** The open conversation for this customer, created (with its ticket) when there is none. */
  async forIncoming(
    actor: Actor,
    channel: WhatsAppChannel,
    waId: string,
    customer: NumberMatch,
    at: number,
    firstText: string,
  ): Promise<ConversationRef> {
    const contactId = customer.module === 'Contacts' ? customer.recordId : null;
    const open = await this.queries.openConversationWithTicket(channel.phoneNumberId, waId);
    if (open !== null) {
      const { id: existing, ticketId } = open;
      if (ticketId !== null || !channel.tickets)
        return { id: existing, ticketId, contactId, ticketCreated: false, created: false };
      const ticket = await this.openTicket(actor, channel, waId, contactId, firstText);
      await this.store.records.update(
        actor,
        'WhatsAppConversations',
        existing,
        {
          values: { ticket_id: String(ticket.id) },
        },
        'revise',
      );
      return {
        id: existing,
        ticketId: ticket.id,
        contactId,
        ticketCreated: ticket.created,
        created: false,
      };
    }
    const ticket = channel.tickets
      ? await this.openTicket(actor, channel, waId, contactId, firstText)
      : null;
    const conversation = await this.store.records.create(actor, 'WhatsAppConversations', {
      owner: channel.owner,
      values: {
        wa_number: `+${waId}`,
        wa_id: waId,
        wa_channel: channel.phoneNumberId,
        contact_id: contactId === null ? null : String(contactId),
        lead_id: customer.module === 'Leads' ? String(customer.recordId) : null,
        ticket_id: ticket ? String(ticket.id) : null,
        conversation_status: 'Open',
        started_at: crmTime(at),
        last_customer_at: crmTime(at),
        window_end: crmTime(at + WINDOW_MS),
      },
    });
    return {
      id: conversation.id,
      ticketId: ticket?.id ?? null,
      contactId,
      ticketCreated: ticket?.created ?? false,
      created: true,
    };
  }

  private async openTicket(
    actor: Actor,
    channel: WhatsAppChannel,
    waId: string,
    contactId: number | null,
    firstText: string,
  ): Promise<{ id: number; created: boolean }> {
    if (contactId !== null) {
      // The channel's matching window: a ticket untouched for longer is an old matter.
      const since = nowUtc(new Date(Date.now() - channel.matchDays * DAY_MS));
      const open = await this.queries.openTicketOfContact(contactId, since);
      if (open !== null) return { id: open, created: false };
    }
    const ticket = await this.store.records.create(actor, 'HelpDesk', {
      owner: channel.owner,
      values: {
        ticket_title: `WhatsApp +${waId}`,
        contact_id: contactId === null ? null : String(contactId),
        ticketstatus: 'Open',
        description: firstText,
      },
    });
    return { id: ticket.id, created: true };
  }

  /** A customer wrote: the window reopens for 24 hours and the ticket shows the reply. */
  async customerWrote(actor: Actor, ref: ConversationRef, at: number): Promise<void> {
    // A conversation this message created has its window set already: one write less per customer.
    if (!ref.created)
      await this.store.records.update(
        actor,
        'WhatsAppConversations',
        ref.id,
        {
          values: {
            last_customer_at: crmTime(at),
            window_end: crmTime(at + WINDOW_MS),
            reminder_sent: '0',
          },
        },
        'revise',
      );
    if (ref.ticketId !== null && !ref.ticketCreated)
      await this.store.records.update(
        actor,
        'HelpDesk',
        ref.ticketId,
        { values: { ticketstatus: CUSTOMER_REPLIED } },
        'revise',
      );
  }

  async comment(
    actor: Actor,
    ticketId: number,
    text: string,
    contactId: number | null,
  ): Promise<number> {
    const comment = await this.store.records.create(actor, 'ModComments', {
      values: {
        commentcontent: text,
        related_to: String(ticketId),
        customer: contactId === null ? null : String(contactId),
      },
    });
    return comment.id;
  }
}

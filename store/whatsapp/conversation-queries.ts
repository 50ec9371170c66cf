// Look-ups the WhatsApp processing needs that the generic record repository has no filter for
// (gateway/whatsapp/README.md §3.2): the open conversation of a number on a channel, the open
// ticket of a contact, conversations whose window has passed, and tickets' conversations.
import type { Knex } from 'knex';

export class ConversationQueries {
  constructor(private readonly knex: Knex) {}

  async openConversation(channel: string, waId: string): Promise<number | null> {
    const row = await this.knex('mod_whatsappconversations as c')
      .join('crm_entities as e', 'e.id', 'c.id')
      .where({ 'c.wa_channel': channel, 'c.wa_id': waId, 'c.conversation_status': 'Open' })
      .where('e.deleted', false)
      .orderBy('c.id', 'desc')
      .first<{ id: number } | undefined>('c.id');
    return row ? Number(row.id) : null;
  }

  /** The open conversation with its ticket, in one query (the processing's hot path). */
  async openConversationWithTicket(
    channel: string,
    waId: string,
  ): Promise<{ id: number; ticketId: number | null } | null> {
    const row = await this.knex('mod_whatsappconversations as c')
      .join('crm_entities as e', 'e.id', 'c.id')
      .where({ 'c.wa_channel': channel, 'c.wa_id': waId, 'c.conversation_status': 'Open' })
      .where('e.deleted', false)
      .orderBy('c.id', 'desc')
      .first<{ id: number; ticket_id: number | string | null } | undefined>('c.id', 'c.ticket_id');
    if (!row) return null;
    const ticketId = row.ticket_id === null ? null : Number(row.ticket_id);
    return { id: Number(row.id), ticketId: ticketId && ticketId > 0 ? ticketId : null };
  }

  async conversationOfTicket(ticketId: number): Promise<number | null> {
    const row = await this.knex('mod_whatsappconversations as c')
      .join('crm_entities as e', 'e.id', 'c.id')
      .where({ 'c.ticket_id': ticketId })
      .where('e.deleted', false)
      .orderByRaw("case when c.conversation_status = 'Open' then 0 else 1 end")
      .orderBy('c.id', 'desc')
      .first<{ id: number } | undefined>('c.id');
    return row ? Number(row.id) : null;
  }

  /** The contact's newest open ticket changed at or after `since` (store time text). */
  async openTicketOfContact(contactId: number, since: string): Promise<number | null> {
    const row = await this.knex('mod_helpdesk as t')
      .join('crm_entities as e', 'e.id', 't.id')
      .where({ 't.contact_id': contactId })
      .whereNot('t.ticketstatus', 'Closed')
      .where('e.deleted', false)
      .where('e.modifiedtime', '>=', since)
      .orderBy('t.id', 'desc')
      .first<{ id: number } | undefined>('t.id');
    return row ? Number(row.id) : null;
  }

  /** Open conversations whose window ends before `before` (store time text). */
  async windowEndedBefore(before: string): Promise<{ id: number; windowEnd: string }[]> {
    const rows = await this.knex('mod_whatsappconversations as c')
      .join('crm_entities as e', 'e.id', 'c.id')
      .where('c.conversation_status', 'Open')
      .where('c.window_end', '<', before)
      .where('e.deleted', false)
      .select<{ id: number; window_end: string }[]>('c.id', 'c.window_end');
    return rows.map((r) => ({ id: Number(r.id), windowEnd: r.window_end }));
  }

  /** Whether the gateway itself wrote this comment (an incoming message or a sent answer). */
  async commentIsMessage(commentId: number): Promise<boolean> {
    const row = await this.knex('whatsapp_messages')
      .where({ comment_id: commentId })
      .first<{ id: number } | undefined>('id');
    return row !== undefined;
  }

  async setComment(messageId: number, commentId: number): Promise<void> {
    await this.knex('whatsapp_messages').where({ id: messageId }).update({ comment_id: commentId });
  }
}

export interface TemplateRow {
  readonly id: number;
  readonly status: string | null;
  readonly params: number;
}

/** WhatsAppTemplates records by their Meta identity (gateway/whatsapp/README.md §5). */
export class TemplateQueries {
  constructor(private readonly knex: Knex) {}

  async find(wabaId: string, name: string, language: string): Promise<TemplateRow | null> {
    const row = await this.knex('mod_whatsapptemplates as t')
      .join('crm_entities as e', 'e.id', 't.id')
      .where({ 't.waba_id': wabaId, 't.template_name': name, 't.template_language': language })
      .where('e.deleted', false)
      .orderBy('t.id', 'desc')
      .first<
        { id: number; template_status: string | null; template_params: number | null } | undefined
      >('t.id', 't.template_status', 't.template_params');
    return row
      ? {
          id: Number(row.id),
          status: row.template_status,
          params: Number(row.template_params ?? 0),
        }
      : null;
  }

  async byTemplateId(templateId: string): Promise<number | null> {
    const row = await this.knex('mod_whatsapptemplates as t')
      .join('crm_entities as e', 'e.id', 't.id')
      .where({ 't.template_id': templateId })
      .where('e.deleted', false)
      .first<{ id: number } | undefined>('t.id');
    return row ? Number(row.id) : null;
  }
}

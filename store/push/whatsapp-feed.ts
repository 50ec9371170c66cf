// Incoming WhatsApp messages for Web Push (gateway/push/README.md §5): the messages customers sent
// after a cursor kept in settings, each with the record a notification is about — the
// conversation's ticket, or the conversation itself when tickets are off — and that record's
// owner. The rows are read from whatsapp_messages (gateway/whatsapp/README.md §3), which hold each
// message once by its wamid, so a repeated webhook delivery is never pushed twice.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import type { Owner } from '../types.js';

const CURSOR = 'push.whatsapp.cursor';

export interface WhatsAppArrival {
  readonly messageId: number;
  readonly text: string | null;
  readonly type: string;
  /** The ticket, or the conversation without one. */
  readonly recordId: number;
  readonly recordLabel: string;
  readonly owner: Owner;
}

interface ArrivalRow {
  id: number | string;
  text: string | null;
  type: string;
  conversation_id: number | string;
  c_label: string;
  c_owner_kind: string;
  c_owner_id: number | string;
  ticket_id: number | string | null;
  t_label: string | null;
  t_owner_kind: string | null;
  t_owner_id: number | string | null;
}

const owner = (kind: string | null, id: number | string | null): Owner => ({
  kind: kind === 'group' ? 'group' : 'user',
  id: Number(id),
});

export class PushWhatsAppFeed {
  constructor(private readonly knex: Knex) {}

  /** The next arrivals; the first run starts at the newest message, so history is not pushed. */
  async next(limit: number): Promise<WhatsAppArrival[]> {
    const row = await this.knex('settings')
      .where({ key: CURSOR })
      .first<{ value: string } | undefined>('value');
    if (!row) {
      const top = await this.knex('whatsapp_messages')
        .max<{ m: number | string | null }>({ m: 'id' })
        .first();
      await this.advance(Number(top?.m ?? 0));
      return [];
    }
    const rows = (await this.knex('whatsapp_messages as w')
      .join('mod_whatsappconversations as c', 'c.id', 'w.conversation_id')
      .join('crm_entities as ce', 'ce.id', 'c.id')
      .leftJoin('crm_entities as te', function (this: Knex.JoinClause) {
        this.on('te.id', '=', 'c.ticket_id').andOnVal('te.deleted', '=', false);
      })
      .where('w.direction', 'in')
      .where('w.id', '>', Number(JSON.parse(row.value)))
      .orderBy('w.id')
      .limit(limit)
      .select(
        'w.id',
        'w.text',
        'w.type',
        'w.conversation_id',
        'ce.label as c_label',
        'ce.owner_kind as c_owner_kind',
        'ce.owner_id as c_owner_id',
        'te.id as ticket_id',
        'te.label as t_label',
        'te.owner_kind as t_owner_kind',
        'te.owner_id as t_owner_id',
      )) as ArrivalRow[];
    return rows.map((r) =>
      r.ticket_id !== null
        ? {
            messageId: Number(r.id),
            text: r.text,
            type: r.type,
            recordId: Number(r.ticket_id),
            recordLabel: r.t_label ?? '',
            owner: owner(r.t_owner_kind, r.t_owner_id),
          }
        : {
            messageId: Number(r.id),
            text: r.text,
            type: r.type,
            recordId: Number(r.conversation_id),
            recordLabel: r.c_label,
            owner: owner(r.c_owner_kind, r.c_owner_id),
          },
    );
  }

  async advance(messageId: number): Promise<void> {
    await this.knex('settings')
      .insert({ key: CURSOR, value: JSON.stringify(messageId), updated_at: nowUtc() })
      .onConflict('key')
      .merge();
  }

  /** Whether a comment is an incoming WhatsApp message (pushed as such, not as a ticket reply). */
  async isMessageComment(commentId: number): Promise<boolean> {
    const row = await this.knex('whatsapp_messages')
      .where({ comment_id: commentId, direction: 'in' })
      .first<{ id: number } | undefined>('id');
    return row !== undefined;
  }
}

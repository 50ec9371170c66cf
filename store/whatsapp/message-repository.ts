// WhatsApp messages and their statuses (gateway/whatsapp/README.md §3, §4). A message is stored
// once by its wamid; a status once per (wamid, status). The message's status is the highest
// ranked one recorded, whatever order they arrived in: sent < failed < delivered < read, so a
// failure never undoes a delivery, and a later delivered/read overrides a failure (Meta's
// webhooks reference, messages/status, describes both orders).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import type { MessageDirection, MessageStatus, StoredMessage } from './types.js';

const RANK: Readonly<Record<string, number>> = {
  received: 0,
  refused: 0,
  queued: 0,
  sent: 1,
  failed: 2,
  delivered: 3,
  read: 4,
};

export const statusRank = (status: string): number => RANK[status] ?? -1;

interface MessageRow {
  id: number;
  channel_id: number;
  wamid: string | null;
  conversation_id: number | null;
  direction: string;
  wa_id: string;
  type: string;
  text: string | null;
  media_id: string | null;
  media_mime: string | null;
  document_id: number | null;
  sent_at: string;
  status: string;
  error_code: number | null;
  error_title: string | null;
}

function toMessage(r: MessageRow): StoredMessage {
  return {
    id: Number(r.id),
    channelId: Number(r.channel_id),
    wamid: r.wamid,
    conversationId: r.conversation_id === null ? null : Number(r.conversation_id),
    direction: r.direction === 'out' ? 'out' : 'in',
    waId: r.wa_id,
    type: r.type,
    text: r.text,
    mediaId: r.media_id,
    mediaMime: r.media_mime,
    documentId: r.document_id === null ? null : Number(r.document_id),
    sentAt: r.sent_at,
    status: r.status as MessageStatus,
    errorCode: r.error_code === null ? null : Number(r.error_code),
    errorTitle: r.error_title,
  };
}

export interface NewMessage {
  readonly channelId: number;
  readonly wamid: string | null;
  readonly conversationId: number | null;
  readonly direction: MessageDirection;
  readonly waId: string;
  readonly type: string;
  readonly text: string | null;
  readonly mediaId?: string | null;
  readonly mediaMime?: string | null;
  readonly sentAt: string;
  readonly status: MessageStatus;
  readonly errorCode?: number | null;
  readonly errorTitle?: string | null;
  readonly payload?: string | null;
}

export interface NewStatus {
  readonly wamid: string;
  readonly status: string;
  readonly at: string;
  readonly errorCode: number | null;
  readonly errorTitle: string | null;
}

export class WhatsAppMessageRepository {
  constructor(private readonly knex: Knex) {}

  async byWamid(
    wamid: string,
    trx: Knex | Knex.Transaction = this.knex,
  ): Promise<StoredMessage | null> {
    const row = await trx('whatsapp_messages').where({ wamid }).first<MessageRow | undefined>();
    return row ? toMessage(row) : null;
  }

  async get(id: number): Promise<StoredMessage | null> {
    const row = await this.knex('whatsapp_messages').where({ id }).first<MessageRow | undefined>();
    return row ? toMessage(row) : null;
  }

  /** Inserts the message; statuses recorded before it (out of order) are applied at once. */
  async insert(trx: Knex.Transaction, m: NewMessage): Promise<StoredMessage> {
    const [inserted] = await trx('whatsapp_messages')
      .insert({
        channel_id: m.channelId,
        wamid: m.wamid,
        conversation_id: m.conversationId,
        direction: m.direction,
        wa_id: m.waId,
        type: m.type,
        text: m.text,
        media_id: m.mediaId ?? null,
        media_mime: m.mediaMime ?? null,
        sent_at: m.sentAt,
        status: m.status,
        error_code: m.errorCode ?? null,
        error_title: m.errorTitle ?? null,
        payload: m.payload ?? null,
      })
      .returning('id');
    const id =
      typeof inserted === 'object' && inserted !== null
        ? Number((inserted as { id: number }).id)
        : Number(inserted);
    if (m.wamid) await this.settle(trx, m.wamid);
    const row = await trx('whatsapp_messages').where({ id }).first<MessageRow>();
    return toMessage(row);
  }

  /** Records a status once; returns the message when its effective status changed. */
  async addStatus(trx: Knex.Transaction, s: NewStatus): Promise<StoredMessage | null> {
    await trx('whatsapp_statuses')
      .insert({
        wamid: s.wamid,
        status: s.status,
        at: s.at,
        error_code: s.errorCode,
        error_title: s.errorTitle,
      })
      .onConflict(['wamid', 'status'])
      .ignore();
    return this.settle(trx, s.wamid);
  }

  /** Sets the message's status to the highest ranked one recorded for it. */
  private async settle(trx: Knex.Transaction, wamid: string): Promise<StoredMessage | null> {
    const row = await trx('whatsapp_messages').where({ wamid }).first<MessageRow | undefined>();
    if (!row) return null;
    const statuses = await trx('whatsapp_statuses')
      .where({ wamid })
      .select<{ status: string; error_code: number | null; error_title: string | null }[]>(
        'status',
        'error_code',
        'error_title',
      );
    let best = { status: row.status, code: row.error_code, title: row.error_title };
    for (const s of statuses) {
      if (statusRank(s.status) > statusRank(best.status))
        best = { status: s.status, code: s.error_code, title: s.error_title };
    }
    if (best.status === row.status) return null;
    await trx('whatsapp_messages').where({ id: row.id }).update({
      status: best.status,
      error_code: best.code,
      error_title: best.title,
    });
    return toMessage({
      ...row,
      status: best.status,
      error_code: best.code,
      error_title: best.title,
    });
  }

  async setSent(id: number, wamid: string): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('whatsapp_messages').where({ id }).update({ wamid, status: 'sent' });
      await this.settle(trx, wamid);
    });
  }

  async setFailed(
    id: number,
    status: MessageStatus,
    code: number | null,
    title: string,
  ): Promise<void> {
    await this.knex('whatsapp_messages')
      .where({ id })
      .update({
        status,
        error_code: code,
        error_title: title.slice(0, 1000),
        attempts: this.knex.raw('attempts + 1'),
      });
  }

  async forConversation(conversationId: number): Promise<StoredMessage[]> {
    const rows = await this.knex('whatsapp_messages')
      .where({ conversation_id: conversationId })
      .orderBy('id')
      .select<MessageRow[]>('*');
    return rows.map(toMessage);
  }

  /** Outgoing messages waiting to be sent (queued, or failed before reaching Meta). */
  async queued(
    limit: number,
    maxAttempts: number,
  ): Promise<(StoredMessage & { payload: string })[]> {
    const rows = await this.knex('whatsapp_messages')
      .where({ direction: 'out', status: 'queued' })
      .whereNull('wamid')
      .where('attempts', '<', maxAttempts)
      .orderBy('id')
      .limit(limit)
      .select<(MessageRow & { payload: string })[]>('*');
    return rows.map((r) => ({ ...toMessage(r), payload: r.payload }));
  }

  async setDocument(trx: Knex.Transaction, id: number, documentId: number): Promise<void> {
    await trx('whatsapp_messages').where({ id }).update({ document_id: documentId });
  }

  async count(): Promise<number> {
    const [row] = await this.knex('whatsapp_messages').count<{ n: number | string }[]>({ n: '*' });
    return Number(row?.n ?? 0);
  }
}

export const storeTime = (ms: number): string => nowUtc(new Date(ms));

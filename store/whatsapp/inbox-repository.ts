// The durable webhook inbox (gateway/whatsapp/README.md §2): a delivery whose signature checked is
// written here before the 200, and the processing job takes it from here, so nothing Meta was told
// it delivered is lost when processing fails or the process stops.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

export interface InboxEntry {
  readonly id: number;
  readonly body: string;
  readonly receivedAt: string;
  readonly attempts: number;
}

interface InboxRow {
  id: number;
  body: string;
  received_at: string;
  attempts: number;
}

export class WhatsAppInboxRepository {
  constructor(private readonly knex: Knex) {}

  private queue: { body: string; done: (err?: unknown) => void }[] = [];
  private flushing = false;

  /**
   * Stores one delivery durably. Deliveries that arrive while a write is in progress are written
   * together by the next one (group commit): on SQLite's single write connection, one insert of
   * many rows costs about as much as one of a single row.
   */
  add(body: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ body, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 500);
        const receivedAt = nowUtc();
        try {
          await this.knex('whatsapp_inbox').insert(
            batch.map((b) => ({ body: b.body, received_at: receivedAt, attempts: 0 })),
          );
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.done(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Unprocessed deliveries, oldest first; those failed `maxAttempts` times stay for inspection. */
  async pending(limit: number, maxAttempts: number): Promise<InboxEntry[]> {
    const rows = await this.knex('whatsapp_inbox')
      .whereNull('processed_at')
      .where('attempts', '<', maxAttempts)
      .orderBy('id')
      .limit(limit)
      .select<InboxRow[]>('id', 'body', 'received_at', 'attempts');
    return rows.map((r) => ({
      id: Number(r.id),
      body: r.body,
      receivedAt: r.received_at,
      attempts: Number(r.attempts),
    }));
  }

  async done(id: number, trx: Knex | Knex.Transaction = this.knex): Promise<void> {
    await trx('whatsapp_inbox').where({ id }).update({ processed_at: nowUtc(), last_error: null });
  }

  /** Several deliveries processed, marked in one statement per 500. */
  async doneMany(ids: readonly number[]): Promise<void> {
    const at = nowUtc();
    for (let i = 0; i < ids.length; i += 500)
      await this.knex('whatsapp_inbox')
        .whereIn('id', ids.slice(i, i + 500))
        .update({ processed_at: at, last_error: null });
  }

  async failed(id: number, error: string): Promise<void> {
    await this.knex('whatsapp_inbox')
      .where({ id })
      .update({ last_error: error.slice(0, 2000), attempts: this.knex.raw('attempts + 1') });
  }

  async counts(): Promise<{ pending: number; failed: number }> {
    const [pending] = await this.knex('whatsapp_inbox')
      .whereNull('processed_at')
      .count<{ n: number | string }[]>({ n: '*' });
    const [failed] = await this.knex('whatsapp_inbox')
      .whereNull('processed_at')
      .whereNotNull('last_error')
      .count<{ n: number | string }[]>({ n: '*' });
    return { pending: Number(pending?.n ?? 0), failed: Number(failed?.n ?? 0) };
  }
}

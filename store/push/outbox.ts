// The durable push outbox (gateway/push/README.md §3): one row per message and device, drained
// by the sender job. A row with the topic of a queued one replaces it (RFC 8030 §5.4), so a
// device that was offline gets the newest state of a record, not every step.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import type { NewPushMessage, OutboxMessage, PushKind, Urgency } from './types.js';

interface Row {
  id: number;
  subscription_id: number;
  user_id: number;
  kind: string;
  topic: string | null;
  urgency: string;
  payload: string;
  created_at: string;
  expires_at: string;
  next_attempt_at: string;
  attempts: number;
}

function toMessage(row: Row): OutboxMessage {
  return {
    id: Number(row.id),
    subscriptionId: Number(row.subscription_id),
    userId: Number(row.user_id),
    kind: row.kind as PushKind,
    topic: row.topic,
    urgency: row.urgency as Urgency,
    payload: row.payload,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    nextAttemptAt: row.next_attempt_at,
    attempts: Number(row.attempts),
  };
}

export class PushOutbox {
  constructor(private readonly knex: Knex) {}

  /** Queues the message for each of the user's devices; returns how many rows were queued. */
  async enqueue(message: NewPushMessage, now: Date): Promise<number> {
    return this.knex.transaction(async (trx) => {
      const subs = await trx('push_subscriptions')
        .where({ user_id: message.userId })
        .select<{ id: number }[]>('id');
      for (const { id } of subs) {
        if (message.topic !== null)
          await trx('push_outbox').where({ subscription_id: id, topic: message.topic }).delete();
        await trx('push_outbox').insert({
          subscription_id: id,
          user_id: message.userId,
          kind: message.kind,
          topic: message.topic,
          urgency: message.urgency,
          payload: message.payload,
          created_at: nowUtc(now),
          expires_at: message.expiresAt,
          next_attempt_at: nowUtc(now),
          attempts: 0,
        });
      }
      return subs.length;
    });
  }

  async due(now: Date, limit: number): Promise<OutboxMessage[]> {
    const rows = await this.knex('push_outbox')
      .where('next_attempt_at', '<=', nowUtc(now))
      .orderBy('id')
      .limit(limit)
      .select<Row[]>('*');
    return rows.map(toMessage);
  }

  async all(): Promise<OutboxMessage[]> {
    return (await this.knex('push_outbox').orderBy('id').select<Row[]>('*')).map(toMessage);
  }

  async done(id: number): Promise<void> {
    await this.knex('push_outbox').where({ id }).delete();
  }

  /** Tries again later; `attempt` counts failed sends (not holds, which keep the count). */
  async later(id: number, at: Date, attempts: number, error: string | null): Promise<void> {
    await this.knex('push_outbox')
      .where({ id })
      .update({ next_attempt_at: nowUtc(at), attempts, last_error: error?.slice(0, 2000) ?? null });
  }

  async shorten(id: number, payload: string): Promise<void> {
    await this.knex('push_outbox').where({ id }).update({ payload });
  }
}

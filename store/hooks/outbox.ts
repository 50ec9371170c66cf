// The durable outbox of REST hook deliveries (gateway/hooks/README.md §2). The fan-out reads the
// change log after the position kept in hook_feed and writes the events, their deliveries and the
// new position in one transaction, so a restart resumes exactly where the last commit left off:
// nothing is lost and nothing is sent twice by the fan-out. A delivery waits while an earlier one
// of the same subscription and record is still pending, so each record's events arrive in order.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import { recordDelivered, type DeliveredAttempt } from './delivered-many.js';
import type { DeliveryStatus, HookDelivery, HookEventRow } from './types.js';

const FEED = 'changes';
const MAX_ERROR = 2000;

interface DeliveryRow {
  id: number;
  message_id: string;
  subscription_id: number;
  record_id: number;
  status: string;
  attempts: number;
  next_attempt_at: string;
  first_failed_at: string | null;
  delivered_at: string | null;
  last_error: string | null;
  payload: string;
  occurred_at: string;
}

function toDelivery(row: DeliveryRow): HookDelivery {
  return {
    id: Number(row.id),
    messageId: row.message_id,
    subscriptionId: Number(row.subscription_id),
    recordId: Number(row.record_id),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    firstFailedAt: row.first_failed_at,
    deliveredAt: row.delivered_at,
    lastError: row.last_error,
    payload: row.payload,
    occurredAt: row.occurred_at,
  };
}

/**
 * Starts the fan-out at the change log's current end when it has no position yet: the first
 * subscription receives the changes committed after it, not the whole history.
 */
export async function startFeed(trx: Knex.Transaction): Promise<void> {
  const top = await trx('change_log').max<{ m: number | string | null }>({ m: 'seq' }).first();
  await trx('hook_feed')
    .insert({ name: FEED, last_seq: Number(top?.m ?? 0) })
    .onConflict('name')
    .ignore();
}

export interface AttemptResult {
  readonly at: Date;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface DeliveryFilter {
  readonly status?: DeliveryStatus;
  /** Only deliveries of this user's subscriptions. */
  readonly userId?: number;
  readonly subscriptionId?: number;
  readonly limit?: number;
}

export class HookOutbox {
  constructor(private readonly knex: Knex) {}

  /** The change-log position the fan-out has reached, or null before the first subscription. */
  async position(): Promise<number | null> {
    const row = await this.knex('hook_feed')
      .where({ name: FEED })
      .first<{ last_seq: number | string } | undefined>();
    return row ? Number(row.last_seq) : null;
  }

  /**
   * Writes the events and their deliveries and moves the position from `fromSeq` to `toSeq`, all
   * in one transaction. The move is conditional: if another process moved the position meanwhile,
   * nothing is written and the call fails, so no change fans out twice.
   */
  async append(fromSeq: number, toSeq: number, events: readonly HookEventRow[]): Promise<number> {
    return this.knex.transaction(async (trx) => {
      const moved = await trx('hook_feed')
        .where({ name: FEED, last_seq: fromSeq })
        .update({ last_seq: toSeq });
      if (moved !== 1)
        throw new GatewayError('conflict', 'the hook fan-out position moved meanwhile');
      const now = nowUtc();
      let count = 0;
      for (const event of events) {
        if (event.subscriptionIds.length === 0) continue;
        const [inserted] = await trx('hook_events')
          .insert({
            seq: event.seq,
            variant: event.variant,
            module: event.module,
            record_id: event.recordId,
            event: event.event,
            occurred_at: event.occurredAt,
            payload: event.payload,
          })
          .returning('id');
        const eventId = Number(typeof inserted === 'object' ? inserted.id : inserted);
        const rows = event.subscriptionIds.map((subscriptionId) => ({
          message_id: `msg_${randomUUID()}`,
          subscription_id: subscriptionId,
          event_id: eventId,
          record_id: event.recordId,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
        }));
        await trx.batchInsert('hook_outbox', rows, 200);
        count += rows.length;
      }
      return count;
    });
  }

  private select(): Knex.QueryBuilder {
    return this.knex({ o: 'hook_outbox' })
      .join({ v: 'hook_events' }, 'v.id', 'o.event_id')
      .select(
        'o.id',
        'o.message_id',
        'o.subscription_id',
        'o.record_id',
        'o.status',
        'o.attempts',
        'o.next_attempt_at',
        'o.first_failed_at',
        'o.delivered_at',
        'o.last_error',
        'v.payload',
        'v.occurred_at',
      );
  }

  /**
   * Pending deliveries due at `now` of active subscriptions, oldest first, leaving out each one that
   * has an earlier pending sibling (same subscription and record) not yet due: order per record.
   */
  async due(now: Date, limit: number): Promise<HookDelivery[]> {
    const at = nowUtc(now);
    const rows = (await this.select()
      .join({ s: 'hook_subscriptions' }, 's.id', 'o.subscription_id')
      .where('s.status', 'active')
      .where('o.status', 'pending')
      .where('o.next_attempt_at', '<=', at)
      .whereNotExists(function (this: Knex.QueryBuilder) {
        void this.select(1)
          .from({ p: 'hook_outbox' })
          .whereRaw('p.subscription_id = o.subscription_id')
          .whereRaw('p.record_id = o.record_id')
          .where('p.status', 'pending')
          .whereRaw('p.id < o.id')
          .where('p.next_attempt_at', '>', at);
      })
      .orderBy('o.id')
      .limit(limit)) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  async get(id: number): Promise<HookDelivery | null> {
    const row = (await this.select().where('o.id', id).first()) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async list(filter: DeliveryFilter = {}): Promise<HookDelivery[]> {
    const q = this.select()
      .orderBy('o.id', 'desc')
      .limit(filter.limit ?? 100);
    if (filter.status) q.where('o.status', filter.status);
    if (filter.subscriptionId !== undefined) q.where('o.subscription_id', filter.subscriptionId);
    if (filter.userId !== undefined)
      q.join({ s: 'hook_subscriptions' }, 's.id', 'o.subscription_id').where(
        's.user_id',
        filter.userId,
      );
    return ((await q) as DeliveryRow[]).map(toDelivery);
  }

  private async attempt(trx: Knex.Transaction, id: number, result: AttemptResult): Promise<void> {
    await trx('hook_attempts').insert({
      outbox_id: id,
      attempted_at: nowUtc(result.at),
      status_code: result.statusCode,
      error: result.error?.slice(0, MAX_ERROR) ?? null,
      duration_ms: Math.round(result.durationMs),
    });
  }

  async delivered(delivery: HookDelivery, result: AttemptResult): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await this.attempt(trx, delivery.id, result);
      await trx('hook_outbox')
        .where({ id: delivery.id, status: 'pending' })
        .update({
          status: 'delivered',
          attempts: delivery.attempts + 1,
          delivered_at: nowUtc(result.at),
          last_error: null,
        });
    });
  }

  /** Several successful attempts recorded in one transaction (./delivered-many.ts). */
  async deliveredMany(done: readonly DeliveredAttempt[]): Promise<void> {
    await recordDelivered(this.knex, done);
  }

  /** A failed attempt: retried at `retryAt`, or a dead letter when that is null. */
  async failed(delivery: HookDelivery, result: AttemptResult, retryAt: Date | null): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await this.attempt(trx, delivery.id, result);
      await trx('hook_outbox')
        .where({ id: delivery.id, status: 'pending' })
        .update({
          status: retryAt === null ? 'dead' : 'pending',
          attempts: delivery.attempts + 1,
          next_attempt_at: nowUtc(retryAt ?? result.at),
          first_failed_at: delivery.firstFailedAt ?? nowUtc(result.at),
          last_error: (result.error ?? `HTTP ${result.statusCode ?? '?'}`).slice(0, MAX_ERROR),
        });
    });
  }

  /** Turns a subscription's pending deliveries into dead letters (it was disabled). */
  async bury(subscriptionId: number, reason: string): Promise<number> {
    return this.knex('hook_outbox')
      .where({ subscription_id: subscriptionId, status: 'pending' })
      .update({ status: 'dead', last_error: reason.slice(0, MAX_ERROR) });
  }

  /** Puts a dead letter back in the queue, due now, with a fresh attempt count. */
  async redeliver(id: number, now: Date): Promise<boolean> {
    const moved = await this.knex('hook_outbox')
      .where({ id, status: 'dead' })
      .update({
        status: 'pending',
        attempts: 0,
        next_attempt_at: nowUtc(now),
        first_failed_at: null,
      });
    return moved > 0;
  }

  async attempts(id: number): Promise<AttemptResult[]> {
    const rows = await this.knex('hook_attempts').where({ outbox_id: id }).orderBy('id').select<
      {
        attempted_at: string;
        status_code: number | null;
        error: string | null;
        duration_ms: number;
      }[]
    >('attempted_at', 'status_code', 'error', 'duration_ms');
    return rows.map((r) => ({
      at: new Date(`${r.attempted_at.replace(' ', 'T')}Z`),
      statusCode: r.status_code === null ? null : Number(r.status_code),
      error: r.error,
      durationMs: Number(r.duration_ms),
    }));
  }
}

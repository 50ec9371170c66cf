// Successful deliveries recorded in groups (gateway/hooks/README.md §3): the delivery loop posts
// on while a group of successes is written in one transaction — the attempts in a multi-row
// insert, the deliveries in one update per 500 — instead of one commit per delivery, which on
// SQLite's single writer was the delivery path's bottleneck (test/gateway/hooks/batching.test.ts).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import type { AttemptResult } from './outbox.js';
import type { HookDelivery } from './types.js';

export interface DeliveredAttempt {
  readonly delivery: HookDelivery;
  readonly result: AttemptResult;
}

export async function recordDelivered(
  knex: Knex,
  done: readonly DeliveredAttempt[],
): Promise<void> {
  if (done.length === 0) return;
  await knex.transaction(async (trx) => {
    // A subscription removed meanwhile (410 Gone) took its deliveries with it.
    const live = new Set<number>();
    for (let i = 0; i < done.length; i += 500) {
      const ids = done.slice(i, i + 500).map(({ delivery }) => delivery.id);
      for (const id of await trx('hook_outbox').whereIn('id', ids).pluck('id'))
        live.add(Number(id));
    }
    const kept = done.filter(({ delivery }) => live.has(delivery.id));
    await trx.batchInsert(
      'hook_attempts',
      kept.map(({ delivery, result }) => ({
        outbox_id: delivery.id,
        attempted_at: nowUtc(result.at),
        status_code: result.statusCode,
        error: null,
        duration_ms: Math.round(result.durationMs),
      })),
      200,
    );
    // delivered_at: the attempt just written, the latest of each delivery.
    const ids = kept.map(({ delivery }) => delivery.id);
    for (let i = 0; i < ids.length; i += 500)
      await trx('hook_outbox')
        .whereIn('id', ids.slice(i, i + 500))
        .where({ status: 'pending' })
        .update({
          status: 'delivered',
          attempts: trx.raw('attempts + 1'),
          delivered_at: trx.raw(
            '(select max(a.attempted_at) from hook_attempts a where a.outbox_id = hook_outbox.id)',
          ),
          last_error: null,
        });
  });
}

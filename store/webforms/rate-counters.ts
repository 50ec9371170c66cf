// Fixed-window counters in the database (gateway/webforms/README.md §4.2 "Quotas"): per-IP and
// per-form rate limits and the daily cap are shared by every replica on one database, which an
// in-memory limiter would not be.
import type { Knex } from 'knex';

export class RateCounters {
  constructor(private readonly knex: Knex) {}

  /** Counts one hit in (bucket, window) and returns the hits so far, this one included. */
  async hit(bucket: string, windowStart: number): Promise<number> {
    const rows: unknown = await this.knex('webform_rate_counters')
      .insert({ bucket: bucket.slice(0, 200), window_start: windowStart, hits: 1 })
      .onConflict(['bucket', 'window_start'])
      .merge({ hits: this.knex.raw('?? + 1', ['webform_rate_counters.hits']) })
      .returning('hits');
    const first = Array.isArray(rows)
      ? (rows[0] as { hits?: number | string } | number | undefined)
      : undefined;
    return typeof first === 'object' && first !== undefined
      ? Number(first.hits)
      : Number(first ?? 1);
  }

  async peek(bucket: string, windowStart: number): Promise<number> {
    const row = await this.knex('webform_rate_counters')
      .where({ bucket, window_start: windowStart })
      .first<{ hits: number } | undefined>('hits');
    return row ? Number(row.hits) : 0;
  }

  /** Drops counters of windows that started before `windowStart` (in the bucket's own unit). */
  async purge(prefix: string, windowStart: number): Promise<number> {
    return this.knex('webform_rate_counters')
      .where('bucket', 'like', `${prefix}%`)
      .where('window_start', '<', windowStart)
      .del();
  }
}

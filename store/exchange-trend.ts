// Exchanges per day and system over a window of days, for the dashboard's chart
// (gateway/console/README.md, Dashboard). An exchange counts on the UTC day it started;
// `succeeded` is status ok, `failed` is error or partial (something did not go through);
// running ones are not counted yet.
import type { Knex } from 'knex';

export interface DayCounts {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly system: string;
  readonly succeeded: number;
  readonly failed: number;
}

/** Counts for the `days` UTC days ending with the day of `now`, only days with exchanges. */
export async function exchangesPerDay(knex: Knex, days: number, now: Date): Promise<DayCounts[]> {
  const first = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const rows = await knex('exchange_log')
    .where('started_at', '>=', first)
    .whereIn('status', ['ok', 'error', 'partial'])
    .select<{ day: string; system: string; status: string; n: unknown }[]>(
      knex.raw('substr(started_at, 1, 10) as day'),
      'system',
      'status',
      knex.raw('count(*) as n'),
    )
    .groupByRaw('substr(started_at, 1, 10), system, status');
  const out = new Map<string, { day: string; system: string; succeeded: number; failed: number }>();
  for (const r of rows) {
    const key = `${r.day}\u0000${r.system}`;
    const c = out.get(key) ?? { day: r.day, system: r.system, succeeded: 0, failed: 0 };
    if (r.status === 'ok') c.succeeded += Number(r.n);
    else c.failed += Number(r.n);
    out.set(key, c);
  }
  return [...out.values()].sort((a, b) =>
    a.day === b.day ? a.system.localeCompare(b.system) : a.day.localeCompare(b.day),
  );
}

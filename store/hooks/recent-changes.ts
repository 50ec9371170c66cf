// The latest changes of one kind on one module, newest first: what the polling list of REST hooks
// shows (gateway/hooks/README.md §1, Zapier's REST hooks pattern asks for recent samples).
import type { Knex } from 'knex';
import { publishChanges } from '../change-log.js';
import type { ChangeOperation } from '../types.js';

export interface RecentChange {
  readonly recordId: number;
  readonly changedAt: string;
}

/** Each record once, at its latest change of that kind, newest first. */
export async function recentChanges(
  knex: Knex,
  module: string,
  operation: ChangeOperation,
  scan: number,
): Promise<RecentChange[]> {
  await publishChanges(knex);
  const rows = await knex('change_log')
    .where({ module, operation })
    .orderBy('seq', 'desc')
    .limit(scan)
    .select<{ record_id: number | string; changed_at: string }[]>('record_id', 'changed_at');
  const seen = new Set<number>();
  const result: RecentChange[] = [];
  for (const row of rows) {
    const id = Number(row.record_id);
    if (seen.has(id)) continue;
    seen.add(id);
    result.push({ recordId: id, changedAt: row.changed_at });
  }
  return result;
}

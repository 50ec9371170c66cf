// Reading the change log by time, for vtiger's sync (gateway/rest/README.md §5): vtiger's cursor is
// a second (modifiedTime), so the window is expressed in UTC text the way the log stores changed_at
// ("YYYY-MM-DD HH:MM:SS.mmm", sortable as text, timezone-free).
import type { Knex } from 'knex';
import { publishChanges } from './change-log.js';
import type { ChangeOperation, Owner } from './types.js';

export interface WindowChange {
  readonly seq: number;
  readonly module: string;
  readonly recordId: number;
  readonly operation: ChangeOperation;
}

interface Row {
  seq: number | string;
  module: string;
  record_id: number;
  operation: string;
}

export class ChangeWindow {
  constructor(private readonly knex: Knex) {}

  private base(modules: readonly string[] | null): Knex.QueryBuilder {
    const q = this.knex('change_log');
    if (modules) q.whereIn('module', [...modules]);
    return q;
  }

  /**
   * changed_at of the `limit`-th change at or after `from` (or the last one if fewer), or null.
   * A sync reads this first, so this publishes what has been committed (store/change-log.ts).
   */
  async horizon(
    modules: readonly string[] | null,
    from: string,
    limit: number,
  ): Promise<string | null> {
    await publishChanges(this.knex);
    const rows = await this.base(modules)
      .where('changed_at', '>=', from)
      .orderBy('changed_at')
      .limit(limit)
      .select<{ changed_at: string }[]>('changed_at');
    return rows.length > 0 ? (rows[rows.length - 1] as { changed_at: string }).changed_at : null;
  }

  /** Every change with from ≤ changed_at < to, oldest first. */
  async between(
    modules: readonly string[] | null,
    from: string,
    to: string,
  ): Promise<WindowChange[]> {
    const rows = (await this.base(modules)
      .where('changed_at', '>=', from)
      .andWhere('changed_at', '<', to)
      .orderBy('seq')
      .select('seq', 'module', 'record_id', 'operation')) as Row[];
    return rows.map((r) => ({
      seq: Number(r.seq),
      module: r.module,
      recordId: Number(r.record_id),
      operation: r.operation as ChangeOperation,
    }));
  }

  async anyFrom(modules: readonly string[] | null, from: string): Promise<boolean> {
    return (await this.base(modules).where('changed_at', '>=', from).first('seq')) !== undefined;
  }

  /** Of `recordIds`, those that some change recorded with one of `owners` (null means every owner). */
  async everOwned(
    recordIds: readonly number[],
    owners: readonly Owner[] | null,
  ): Promise<Set<number>> {
    if (recordIds.length === 0) return new Set();
    const q = this.knex('change_log')
      .whereIn('record_id', [...recordIds])
      .distinct('record_id');
    if (owners) {
      q.where((w) => {
        for (const o of owners) w.orWhere({ owner_kind: o.kind, owner_id: o.id });
        if (owners.length === 0) w.whereRaw('1 = 0');
      });
    }
    const rows = (await q) as { record_id: number }[];
    return new Set(rows.map((r) => Number(r.record_id)));
  }
}

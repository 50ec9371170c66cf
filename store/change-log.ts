// The monotonic change log: every create, update, delete, restore and purge appends one row
// in the same transaction as the change. Incremental sync (webservice sync, CalDAV sync
// tokens) reads it by sequence number, so two changes in the same second are never confused
// and none is lost between two reads.
import type { Knex } from 'knex';
import { nowUtc } from './db.js';
import type { Change, ChangeOperation, Owner } from './types.js';

interface ChangeRow {
  seq: number | string;
  module: string;
  record_id: number;
  operation: string;
  changed_at: string;
  user_id: number | null;
  owner_kind: string | null;
  owner_id: number | null;
}

export interface NewChange {
  readonly module: string;
  readonly recordId: number;
  readonly operation: ChangeOperation;
  readonly userId: number | null;
  readonly owner: Owner | null;
}

/**
 * Appends inside the caller's transaction. On PostgreSQL a sequence value is taken at insert
 * but becomes visible at commit, so two writers could commit out of order and a reader between
 * the commits would skip the lower number for good. A transaction-scoped advisory lock makes
 * writers of the log commit one after another, so the order of seq is the order of commit.
 * SQLite already has a single writer.
 */
export async function appendChange(trx: Knex.Transaction, change: NewChange): Promise<void> {
  if (trx.client.config.client === 'pg') await trx.raw('SELECT pg_advisory_xact_lock(7031002)');
  await trx('change_log').insert({
    module: change.module,
    record_id: change.recordId,
    operation: change.operation,
    changed_at: nowUtc(),
    user_id: change.userId,
    owner_kind: change.owner?.kind ?? null,
    owner_id: change.owner?.id ?? null,
  });
}

function toChange(row: ChangeRow): Change {
  const operation = row.operation as ChangeOperation;
  return {
    seq: Number(row.seq),
    module: row.module,
    recordId: Number(row.record_id),
    operation,
    changedAt: row.changed_at,
    userId: row.user_id === null ? null : Number(row.user_id),
    owner:
      row.owner_kind === 'user' || row.owner_kind === 'group'
        ? { kind: row.owner_kind, id: Number(row.owner_id) }
        : null,
  };
}

export class ChangeLog {
  constructor(private readonly knex: Knex) {}

  /** Changes with seq > afterSeq, oldest first. */
  async since(
    afterSeq: number,
    options: { modules?: readonly string[]; limit?: number } = {},
  ): Promise<Change[]> {
    const q = this.knex<ChangeRow>('change_log')
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(options.limit ?? 1000);
    if (options.modules && options.modules.length > 0) q.whereIn('module', [...options.modules]);
    return (await q).map(toChange);
  }

  /** The latest sequence, of all changes or of those of some modules (index (module, seq)). */
  async latestSeq(modules?: readonly string[]): Promise<number> {
    const q = this.knex('change_log').max<{ m: number | string | null }>({ m: 'seq' });
    if (modules?.length === 1) q.where('module', modules[0] as string);
    else if (modules && modules.length > 0) q.whereIn('module', [...modules]);
    const row = await q.first();
    return Number(row?.m ?? 0);
  }

  async forRecord(recordId: number): Promise<Change[]> {
    return (
      await this.knex<ChangeRow>('change_log').where({ record_id: recordId }).orderBy('seq')
    ).map(toChange);
  }
}

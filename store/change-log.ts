// The monotonic change log: every create, update, delete, restore and purge appends one row
// in the same transaction as the change. Incremental sync (webservice sync, CalDAV sync
// tokens) reads it by sequence number, so two changes in the same second are never confused
// and none is lost between two reads.
//
// On PostgreSQL a sequence value taken at insert becomes visible at commit, so two writers
// could commit out of order and a reader between the commits would skip the lower number for
// good. Instead of making every writer wait for one lock until it commits, writers append to
// change_log_pending, in parallel, and `seq` is handed out only to committed rows: publishing
// moves them to change_log under a transaction-scoped advisory lock held for one statement, so
// publications commit one after another and each takes numbers above every earlier one. Readers
// publish before they read (docs/architecture.md "Store", change log). SQLite has one writer
// at a time, so there a change goes straight to change_log.
import type { Knex } from 'knex';
import { nowUtc } from './db.js';
import type { Change, ChangeOperation, Owner } from './types.js';

/** Shared with the writers of older versions, which took it around their own appends. */
const PUBLISH_LOCK = 7031002;
/** Rows moved per publishing statement, so one statement stays short after a large import. */
const PUBLISH_BATCH = 5000;

const isPg = (knex: Knex): boolean => knex.client.config.client === 'pg';

/** The table a writer appends to in this database (see the top of this file). */
export function changeTable(knex: Knex): 'change_log' | 'change_log_pending' {
  return isPg(knex) ? 'change_log_pending' : 'change_log';
}

/**
 * Moves committed pending changes to change_log with the next sequence numbers, oldest first,
 * and returns how many moved. Changes of one record are committed one after another (the
 * record's row lock), so their pending ids follow their commit order. changed_at never goes
 * below the newest published one, so a reader by time (gateway/rest/README.md §5), which
 * re-reads its boundary second, does not miss a late commit either. No-op on SQLite.
 */
export async function publishChanges(knex: Knex): Promise<number> {
  if (!isPg(knex)) return 0;
  let moved = 0;
  for (;;) {
    const waiting = await knex.raw<{ rows: unknown[] }>('SELECT 1 FROM change_log_pending LIMIT 1');
    if (waiting.rows.length === 0) return moved;
    const count = await knex.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [PUBLISH_LOCK]);
      const result = await trx.raw<{ rowCount: number | null }>(
        `WITH moved AS (
           DELETE FROM change_log_pending
           WHERE id IN (SELECT id FROM change_log_pending ORDER BY id LIMIT ?)
           RETURNING *
         ), ordered AS (
           SELECT moved.*, max(changed_at) OVER (ORDER BY id) AS running FROM moved
         )
         INSERT INTO change_log (module, record_id, operation, changed_at, user_id, owner_kind, owner_id)
         SELECT module, record_id, operation,
                GREATEST(running, COALESCE(
                  (SELECT changed_at FROM change_log ORDER BY seq DESC LIMIT 1), '')),
                user_id, owner_kind, owner_id
         FROM ordered ORDER BY id`,
        [PUBLISH_BATCH],
      );
      return result.rowCount ?? 0;
    });
    moved += count;
    if (count < PUBLISH_BATCH) return moved;
  }
}

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

/** Appends inside the caller's transaction, taking no lock (see the top of this file). */
export async function appendChange(trx: Knex.Transaction, change: NewChange): Promise<void> {
  await trx(changeTable(trx)).insert({
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

  /** Publishes the changes committed so far (publishChanges); readers below call it first. */
  publish(): Promise<number> {
    return publishChanges(this.knex);
  }

  /** Changes with seq > afterSeq, oldest first. */
  async since(
    afterSeq: number,
    options: { modules?: readonly string[]; limit?: number } = {},
  ): Promise<Change[]> {
    await this.publish();
    const q = this.knex<ChangeRow>('change_log')
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(options.limit ?? 1000);
    if (options.modules && options.modules.length > 0) q.whereIn('module', [...options.modules]);
    return (await q).map(toChange);
  }

  /** The latest sequence, of all changes or of those of some modules (index (module, seq)). */
  async latestSeq(modules?: readonly string[]): Promise<number> {
    await this.publish();
    const q = this.knex('change_log').max<{ m: number | string | null }>({ m: 'seq' });
    if (modules?.length === 1) q.where('module', modules[0] as string);
    else if (modules && modules.length > 0) q.whereIn('module', [...modules]);
    const row = await q.first();
    return Number(row?.m ?? 0);
  }

  async forRecord(recordId: number): Promise<Change[]> {
    await this.publish();
    return (
      await this.knex<ChangeRow>('change_log').where({ record_id: recordId }).orderBy('seq')
    ).map(toChange);
  }
}

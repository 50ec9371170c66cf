// Per-module record numbers (SO-1001, ACC1, ...). Taken inside the record's transaction, so a
// rolled-back create gives its number back and two writers never share one: the UPDATE takes
// the row lock on PostgreSQL, and SQLite has one writer.
import type { Knex } from 'knex';
import type { ModuleDef } from '../modules/types.js';

export async function nextRecordNumber(
  trx: Knex.Transaction,
  def: ModuleDef,
): Promise<string | null> {
  if (!def.numbering) return null;
  // One round trip: UPDATE … RETURNING (PostgreSQL, and SQLite since 3.35).
  const [row] = (await trx('record_numbers')
    .where({ module: def.name })
    .increment('next_value', 1)
    .returning(['prefix', 'next_value'])) as { prefix: string; next_value: number }[];
  if (!row) return null;
  const value = Number(row.next_value) - 1;
  // The prefix carries its own separator (vtiger's "ACC" gives ACC1, our "SO-" gives SO-1001).
  return `${row.prefix}${value}`;
}

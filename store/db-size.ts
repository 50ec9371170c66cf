import { statSync } from 'node:fs';
import type { Database } from './db.js';

/** Bytes used by the database: the SQLite file with its WAL, or pg_database_size. */
export async function databaseSize(db: Database): Promise<number> {
  if (db.file) {
    let bytes = 0;
    for (const suffix of ['', '-wal']) {
      try {
        bytes += statSync(`${db.file}${suffix}`).size;
      } catch {
        // no WAL file right now
      }
    }
    return bytes;
  }
  const result = (await db.knex.raw('select pg_database_size(current_database()) as size')) as {
    rows: { size: string | number }[];
  };
  return Number(result.rows[0]?.size ?? 0);
}

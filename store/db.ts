// Opens the store: embedded SQLite by default, PostgreSQL for replicated installs. Both go
// through knex so that repositories and migrations are written once.
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { ensurePrivateDir, ensurePrivateFile, makePrivate } from './file-modes.js';
import { finalizeStatements } from './sqlite-statements.js';

export type DatabaseOptions =
  | { readonly kind: 'sqlite'; readonly file: string; readonly busyTimeoutMs: number }
  | {
      readonly kind: 'pg';
      readonly url: string;
      readonly poolMax?: number;
      /**
       * Whether opening the store migrates it (GATEWAY_RUN_MIGRATIONS, `migrate`); otherwise it
       * only checks the schema (store/schema-version.ts). SQLite always migrates.
       */
      readonly runMigrations?: boolean;
    };

export type DatabaseKind = DatabaseOptions['kind'];

export interface Database {
  readonly knex: Knex;
  /**
   * For short reads that must not queue behind a write transaction (/readyz). On SQLite a second,
   * query-only connection: in WAL mode it reads the last committed state while the one write
   * connection holds a transaction (https://www.sqlite.org/wal.html §2.2, "readers do not block
   * writers and a writer does not block readers"). On PostgreSQL the same pool as `knex`.
   */
  readonly reader: Knex;
  readonly kind: DatabaseKind;
  /** The SQLite file, for backup and size; null on PostgreSQL. */
  readonly file: string | null;
  close(): Promise<void>;
}

interface SqliteConnection {
  run(sql: string, cb: (err: Error | null) => void): void;
}

function runPragma(conn: SqliteConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.run(sql, (err) => (err ? reject(err) : resolve())));
}

function openSqlite(file: string, busyTimeoutMs: number, readOnly = false): Knex {
  // store/file-modes.ts: the directory 0700, the database and its -wal and -shm files 0600.
  ensurePrivateDir(path.dirname(file));
  ensurePrivateFile(file);
  // The writer sets WAL (persistent in the file); the reader only refuses writes, and waits up
  // to busy_timeout for the moments a checkpoint needs the file alone.
  const pragmas = readOnly
    ? ['PRAGMA query_only = ON', `PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`]
    : [
        'PRAGMA journal_mode = WAL',
        'PRAGMA foreign_keys = ON',
        `PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`,
        'PRAGMA synchronous = NORMAL',
      ];
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // SQLite has one writer at a time; one connection avoids SQLITE_BUSY between our own
    // connections and keeps transactions strictly serial. WAL lets readers (backup, CLI
    // processes) proceed while the server writes.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (
        conn: SqliteConnection,
        done: (err: Error | null, conn: SqliteConnection) => void,
      ) => {
        pragmas
          .reduce((prev, sql) => prev.then(() => runPragma(conn, sql)), Promise.resolve())
          .then(() => {
            for (const suffix of ['-wal', '-shm']) makePrivate(`${file}${suffix}`);
          })
          .then(
            () => done(null, conn),
            (err: Error) => done(err, conn),
          );
      },
    },
  });
}

function openPg(url: string, poolMax: number): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: poolMax } });
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.kind === 'pg') {
    const knex = openPg(options.url, options.poolMax ?? 10);
    return { knex, reader: knex, kind: 'pg', file: null, close: () => knex.destroy() };
  }
  const knex = openSqlite(options.file, options.busyTimeoutMs);
  const reader = openSqlite(options.file, options.busyTimeoutMs, true);
  return {
    knex,
    reader,
    kind: 'sqlite',
    file: options.file,
    close: async () => {
      // store/sqlite-statements.ts: SQLite closes no connection with live prepared statements.
      await finalizeStatements(reader).catch(() => undefined);
      await finalizeStatements(knex).catch(() => undefined);
      await reader.destroy();
      await knex.destroy();
    },
  };
}

/** The current time as the store writes it: UTC `YYYY-MM-DD HH:MM:SS.mmm` (sorts as text). */
export function nowUtc(date: Date = new Date()): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A time as the store writes it (see nowUtc: UTC, no zone) → milliseconds since the epoch. */
export function fromStoreTime(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/**
 * Runs `work` in the caller's transaction when `knex` is one, else in a new transaction: a write
 * that is part of a larger one needs no savepoint of its own, since a failure rolls back the whole.
 */
export function inTransaction<T>(
  knex: Knex,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  if (knex.isTransaction) return work(knex as Knex.Transaction);
  return knex.transaction(work);
}

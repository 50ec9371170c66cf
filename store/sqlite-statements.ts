// Prepared statements kept per SQLite connection, for the hottest reads (a record by id): knex
// sends SQL text, which node-sqlite3 prepares — parses and plans — anew on every call, and for a
// record's 40-column join that preparation costs several times the lookup itself
// (https://www.sqlite.org/c3ref/prepare.html: a prepared statement may be reset and run again).
// Statements are finalized before the connection closes (store/db.ts), since SQLite refuses to
// close a connection with live statements (https://www.sqlite.org/c3ref/close.html).
import type { Knex } from 'knex';

interface Statement {
  all(bindings: readonly unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  finalize(cb?: () => void): void;
}

interface Connection {
  prepare(sql: string, cb: (err: Error | null) => void): Statement;
}

interface PoolClient {
  acquireConnection(): Promise<Connection>;
  releaseConnection(connection: Connection): Promise<void>;
}

/** Bounds the statements kept per connection; past it the cache starts again. */
const MAX_STATEMENTS = 200;

const byConnection = new WeakMap<Connection, Map<string, Promise<Statement>>>();

function prepare(connection: Connection, sql: string): Promise<Statement> {
  let statements = byConnection.get(connection);
  if (!statements) {
    statements = new Map();
    byConnection.set(connection, statements);
  }
  const cached = statements.get(sql);
  if (cached) return cached;
  if (statements.size >= MAX_STATEMENTS) {
    for (const old of statements.values()) void old.then((s) => s.finalize());
    statements.clear();
  }
  const prepared = new Promise<Statement>((resolve, reject) => {
    const statement = connection.prepare(sql, (err) => (err ? reject(err) : resolve(statement)));
  });
  // A statement that fails to prepare is not kept: the next call reports the error again.
  prepared.catch(() => statements.delete(sql));
  statements.set(sql, prepared);
  return prepared;
}

/**
 * Runs a read on SQLite through a cached prepared statement, on the connection knex would use
 * (the transaction's when `knex` is one); the rows are what knex would return for the same
 * query. Other databases: null, and the caller runs the query through knex.
 */
export async function sqliteAll(knex: Knex, query: Knex.QueryBuilder): Promise<unknown[] | null> {
  if (knex.client.config.client !== 'sqlite3') return null;
  const { sql, bindings } = query.toSQL();
  const client = knex.client as PoolClient;
  const connection = await client.acquireConnection();
  try {
    const statement = await prepare(connection, sql);
    return await new Promise<unknown[]>((resolve, reject) =>
      statement.all(bindings, (err, rows) => (err ? reject(err) : resolve(rows))),
    );
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * Finalizes the statements of `knex`'s connection before the pool is destroyed. The store's
 * SQLite pools hold one connection each (store/db.ts), so acquiring one reaches it.
 */
export async function finalizeStatements(knex: Knex): Promise<void> {
  const client = knex.client as PoolClient;
  const connection = await client.acquireConnection();
  try {
    const statements = byConnection.get(connection);
    byConnection.delete(connection);
    for (const prepared of statements?.values() ?? []) {
      const statement = await prepared.catch(() => null);
      if (statement) await new Promise<void>((resolve) => statement.finalize(() => resolve()));
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

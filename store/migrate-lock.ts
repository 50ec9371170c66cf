// Serialises migrations of one SQLite file across processes (and store instances) with a lock
// file created exclusively beside the database. knex's own lock is a row in the database: with
// SQLite's single writer, a process that fails to write it back (SQLITE_BUSY) leaves it set and
// every later start waits forever. Holding this file lock, a process knows nobody else is
// migrating, so it may also clear such a stale knex lock.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';

const STALE_MS = 10 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function stale(path: string): boolean {
  try {
    const [pid] = readFileSync(path, 'utf8').split(' ');
    const age = Date.now() - statSync(path).mtimeMs;
    return age > STALE_MS || (pid !== String(process.pid) && !alive(Number(pid)));
  } catch {
    return false;
  }
}

function tryLock(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, `${process.pid} ${new Date().toISOString()}`);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (stale(path)) rmSync(path, { force: true });
    return false;
  }
}

/** Runs fn while holding the lock file; waits up to waitMs for another holder. */
export async function withFileLock<T>(
  path: string,
  waitMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + waitMs;
  while (!tryLock(path)) {
    if (Date.now() > deadline)
      throw new Error(
        `another process has been migrating ${path.replace(/\.migrate-lock$/, '')} for too long (lock file ${path})`,
      );
    await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 50)));
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}

/** Any fixed key: the advisory lock namespace is per database (PostgreSQL docs, §9.27.10). */
const PG_MIGRATION_LOCK_KEY = 7_326_104_551;

/**
 * Runs fn while holding a PostgreSQL advisory lock, so replicas starting at once migrate one
 * after the other instead of racing to create knex's bookkeeping tables. The lock is held by a
 * connection of its own (a session lock), so fn may use every connection of the caller's pool;
 * it is released when that connection closes, also when this process dies.
 */
export async function withPgAdvisoryLock<T>(
  knex: Knex,
  waitMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const holder = knexFactory({
    client: 'pg',
    connection: knex.client.config.connection,
    pool: { min: 1, max: 1 },
  });
  try {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const result = await holder.raw<{ rows: { locked: boolean }[] }>(
        'select pg_try_advisory_lock(?) as locked',
        [PG_MIGRATION_LOCK_KEY],
      );
      if (result.rows[0]?.locked === true) break;
      if (Date.now() > deadline)
        throw new Error('another replica has been migrating the database for too long');
      await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 100)));
    }
    try {
      return await fn();
    } finally {
      await holder.raw('select pg_advisory_unlock(?)', [PG_MIGRATION_LOCK_KEY]);
    }
  } finally {
    await holder.destroy();
  }
}

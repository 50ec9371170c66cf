// Serialises migrations of one SQLite file across processes (and store instances) with a lock
// file created exclusively beside the database. knex's own lock is a row in the database: with
// SQLite's single writer, a process that fails to write it back (SQLITE_BUSY) leaves it set and
// every later start waits forever. Holding this file lock, a process knows nobody else is
// migrating, so it may also clear such a stale knex lock.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';

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

// Consistent copies of the SQLite database. `VACUUM INTO` writes a transactionally consistent
// snapshot while the gateway keeps serving (WAL readers do not block the writer), and the copy
// is a compact, standalone database file. Restoring checks the file before it replaces anything.
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from './db.js';
import { GatewayError } from './errors.js';
import { makePrivate } from './file-modes.js';

export async function backupSqlite(
  db: Database,
  target: string,
): Promise<{ file: string; bytes: number }> {
  if (db.kind !== 'sqlite') {
    throw new GatewayError(
      'unsupported',
      'backup copies the embedded SQLite database; for PostgreSQL use pg_dump',
    );
  }
  const file = path.resolve(target);
  if (existsSync(file))
    throw new GatewayError('conflict', `${file} already exists; choose a new file name`);
  await db.knex.raw('VACUUM INTO ?', [file]);
  // A backup holds everything the database does (store/file-modes.ts).
  makePrivate(file);
  return { file, bytes: statSync(file).size };
}

/** Checks that a file is an intact gateway database (SQLite header, integrity, migrations table). */
export async function checkBackupFile(file: string): Promise<void> {
  if (!existsSync(file)) throw new GatewayError('not_found', `${file} does not exist`);
  const probe = openDatabase({ kind: 'sqlite', file, busyTimeoutMs: 1000 });
  try {
    const rows = (await probe.knex.raw('PRAGMA integrity_check')) as { integrity_check: string }[];
    if (rows[0]?.integrity_check !== 'ok')
      throw new GatewayError('invalid_input', `${file} failed the integrity check`);
    const hasMigrations = await probe.knex.schema.hasTable('knex_migrations');
    if (!hasMigrations || !(await probe.knex.schema.hasTable('crm_entities'))) {
      throw new GatewayError('invalid_input', `${file} is not a gateway database`);
    }
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw new GatewayError(
      'invalid_input',
      `${file} is not a readable SQLite database: ${(err as Error).message}`,
    );
  } finally {
    await probe.close();
  }
}

/** Replaces the database file with a checked backup; the server must not be running. */
export async function restoreSqlite(source: string, databaseFile: string): Promise<void> {
  const from = path.resolve(source);
  await checkBackupFile(from);
  // Copy beside the target first and rename: the swap is atomic, a crash leaves the old file.
  const staging = `${databaseFile}.restore-${process.pid}`;
  copyFileSync(from, staging);
  makePrivate(staging);
  for (const suffix of ['-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
  renameSync(staging, databaseFile);
}

// A SQLite store migrated as far as an older gateway left it, to test what an upgrade keeps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import type { Knex } from 'knex';
import { openDatabase, type Database } from '../../store/db.js';
import { migrationSource } from '../../store/migrations/index.js';

/** Runs the migrations up to, not including, the first whose name ends with `suffix`. */
export async function migrateUntil(knex: Knex, suffix: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [, pending] = (await knex.migrate.list({ migrationSource })) as [
      unknown,
      { file?: string }[] | string[],
    ];
    const next = pending[0];
    const name = typeof next === 'string' ? next : (next?.file ?? '');
    if (name.endsWith(suffix) || name === '') return;
    await knex.migrate.up({ migrationSource });
  }
}

/** An empty SQLite database in a directory of its own, closed and removed when the test ends. */
export function emptySqlite(t: ExecutionContext, prefix: string): Database {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const db = openDatabase({
    kind: 'sqlite',
    file: path.join(dir, 'g.sqlite'),
    busyTimeoutMs: 5000,
  });
  t.teardown(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

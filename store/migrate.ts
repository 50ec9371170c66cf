import type { Knex } from 'knex';
import { migrationSource } from './migrations/index.js';
import { withFileLock } from './migrate-lock.js';
import { ensureModuleSchema } from './module-schema.js';

/** How long a starting process waits for another one's migrations before giving up. */
const WAIT_MS = 120_000;

function isCreateRace(err: unknown): boolean {
  // Several replicas starting on a fresh database race to create knex's own bookkeeping tables
  // before its migration lock exists; the loser sees "already exists" and simply tries again.
  const e = err as { message?: string; code?: string };
  return /already exists|UNIQUE constraint failed|duplicate key|Migration table is already locked|SQLITE_BUSY/i.test(e.message ?? '') || e.code === '23505' || e.code === '42P07';
}

/**
 * Brings the store to the current schema; safe when several processes start at once. For a
 * SQLite file pass its path: migrations then run under a lock file beside it.
 */
export async function migrate(knex: Knex, sqliteFile: string | null = null): Promise<string[]> {
  if (sqliteFile === null) return migrateWithRetry(knex);
  return withFileLock(`${sqliteFile}.migrate-lock`, WAIT_MS, async () => {
    // Nobody else migrates this file now: a set knex lock is a leftover of a failed run.
    if (await knex.schema.hasTable('knex_migrations_lock')) await knex.migrate.forceFreeMigrationsLock({ migrationSource });
    return migrateWithRetry(knex);
  });
}

async function migrateWithRetry(knex: Knex): Promise<string[]> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
      await ensureModuleSchema(knex);
      return applied;
    } catch (err) {
      // Another process holds knex's migration lock (or won the race to create its tables):
      // wait for it to finish, then find nothing left to do.
      if (Date.now() > deadline || !isCreateRace(err)) throw err;
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 150)));
    }
  }
}

import type { Knex } from 'knex';
import { migrationSource } from './migrations/index.js';
import { withFileLock, withPgAdvisoryLock } from './migrate-lock.js';
import { ensureModuleSchema } from './module-schema.js';

/** How long a starting process waits for another one's migrations before giving up. */
const WAIT_MS = 120_000;

function isCreateRace(err: unknown): boolean {
  // Several replicas starting on a fresh database race to create knex's own bookkeeping tables
  // before its migration lock exists; the loser sees "already exists" and simply tries again.
  const e = err as { message?: string; code?: string };
  return (
    /already exists|UNIQUE constraint failed|duplicate key|Migration table is already locked|SQLITE_BUSY/i.test(
      e.message ?? '',
    ) ||
    e.code === '23505' ||
    e.code === '42P07'
  );
}

/**
 * Brings the store to the current schema; safe when several processes start at once. For a
 * SQLite file pass its path: migrations then run under a lock file beside it.
 */
export async function migrate(knex: Knex, sqliteFile: string | null = null): Promise<string[]> {
  if (sqliteFile === null) {
    if (knex.client.config.client !== 'pg') return migrateWithRetry(knex);
    return withPgAdvisoryLock(knex, WAIT_MS, async () => {
      await repairLockTable(knex);
      return migrateWithRetry(knex);
    });
  }
  return withFileLock(`${sqliteFile}.migrate-lock`, WAIT_MS, async () => {
    // Nobody else migrates this file now: a set knex lock is a leftover of a failed run.
    if (await knex.schema.hasTable('knex_migrations_lock')) {
      const lock = await knex('knex_migrations_lock').first<
        { is_locked: number | boolean } | undefined
      >('is_locked');
      if (lock && Number(lock.is_locked) === 1)
        await knex.migrate.forceFreeMigrationsLock({ migrationSource });
    }
    return migrateWithRetry(knex);
  });
}

/**
 * Holding the advisory lock, nobody else migrates: a set knex lock is a leftover of a failed
 * run, and more than one row in knex's lock table is the trace of two processes that created
 * it at once on a fresh database. knex locks by updating the row with is_locked = 0 and
 * expects exactly one row changed, so with two rows every later start would wait forever.
 */
async function repairLockTable(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('knex_migrations_lock'))) return;
  const rows = await knex('knex_migrations_lock').select<{ index: number }[]>('index');
  if (rows.length > 1)
    await knex('knex_migrations_lock')
      .whereNot('index', Math.min(...rows.map((r) => r.index)))
      .delete();
  if (rows.length > 0) await knex('knex_migrations_lock').update({ is_locked: 0 });
}

async function migrateWithRetry(knex: Knex): Promise<string[]> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      // Nothing pending: no lock, no write. A command-line call next to a busy server then
      // never waits for SQLite's write lock just to find the schema current.
      const [, pending] = (await knex.migrate.list({ migrationSource })) as [unknown[], unknown[]];
      const applied =
        pending.length === 0
          ? []
          : ((await knex.migrate.latest({ migrationSource })) as [number, string[]])[1];
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

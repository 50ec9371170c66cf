// Whether a PostgreSQL database has the schema this code was written for. Replicas share one
// database, so on PostgreSQL a start does not migrate it behind the operator's back (a replica
// of an older version would then run on a schema it does not know): the operator runs
// `npm run migrate` (or starts one gateway with GATEWAY_RUN_MIGRATIONS=true), and every other
// start only checks. README.md "Migrations" describes the steps.
import type { Knex } from 'knex';
import { GatewayError } from './errors.js';
import { MIGRATION_NAMES } from './migrations/index.js';

const MIGRATE_HINT =
  'run `npm run migrate` (or start one gateway with GATEWAY_RUN_MIGRATIONS=true) first';

/** Names of the migrations the database has applied, in order; none on an empty database. */
async function appliedMigrations(knex: Knex): Promise<string[]> {
  if (!(await knex.schema.hasTable('knex_migrations'))) return [];
  return knex('knex_migrations').orderBy('id').pluck<string[]>('name');
}

/** Throws a clear error unless the database has exactly the migrations this code knows. */
export async function checkSchema(knex: Knex): Promise<void> {
  const applied = await appliedMigrations(knex);
  const known = new Set(MIGRATION_NAMES);
  const newest = MIGRATION_NAMES.at(-1) ?? 'none';
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new GatewayError(
      'unavailable',
      `the database schema is newer than this gateway: the database has ${applied.at(-1) ?? 'none'}` +
        ` (${unknown.length} migration(s) this gateway does not know, first ${unknown[0] ?? ''}),` +
        ` this gateway knows up to ${newest}; run the gateway version that migrated it`,
    );
  const done = new Set(applied);
  const pending = MIGRATION_NAMES.filter((name) => !done.has(name));
  if (pending.length > 0)
    throw new GatewayError(
      'unavailable',
      `the database schema is older than this gateway: the database is at ` +
        `${applied.at(-1) ?? 'an empty schema'}, this gateway needs ${newest}` +
        ` (${pending.length} migration(s) pending); ${MIGRATE_HINT}`,
    );
}

import type { Knex } from 'knex';
import { migrationSource } from './migrations/index.js';
import { ensureModuleSchema } from './module-schema.js';

/** Brings the store to the current schema; safe to run by several processes at once (knex lock). */
export async function migrate(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  await ensureModuleSchema(knex);
  return applied;
}

// REST hook bodies per subscriber profile (gateway/hooks/README.md §2): a change fans out into one
// body per distinct set of hidden fields among its subscribers, so hook_events holds several rows
// per change, told apart by `variant` (0 for the first).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('hook_events', (t) => {
    t.integer('variant').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('hook_events', (t) => {
    t.dropUnique(['seq']);
    t.unique(['seq', 'variant']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('hook_events').where('variant', '>', 0).delete();
  await knex.schema.alterTable('hook_events', (t) => {
    t.dropUnique(['seq', 'variant']);
    t.unique(['seq']);
  });
  await knex.schema.alterTable('hook_events', (t) => {
    t.dropColumn('variant');
  });
}

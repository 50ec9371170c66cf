// Field visibility per profile, as vtiger 8.2's profile editor sets it (README.md "### Roles and
// profiles"): a profile may hide fields of a module or make them read-only. A field no row names
// is visible and writable, so existing profiles change nothing.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('profile_fields', (t) => {
    t.integer('profile_id').notNullable().references('profiles.id').onDelete('CASCADE');
    t.string('module', 40).notNullable();
    t.string('field', 100).notNullable();
    // `hidden` or `readonly`.
    t.string('access', 10).notNullable();
    t.primary(['profile_id', 'module', 'field']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('profile_fields');
}

// Where PostgreSQL writers put their change-log rows until they are published in commit order
// (store/change-log.ts, docs/architecture.md "Store"): writers no longer share one lock, and
// `change_log.seq` is handed out only to committed rows, by one short publishing statement at a
// time. SQLite has one writer, so its writers append to change_log directly and it has no such
// table.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  await knex.schema.createTable('change_log_pending', (t) => {
    t.bigIncrements('id').primary();
    t.string('module', 40).notNullable();
    t.integer('record_id').notNullable();
    t.string('operation', 10).notNullable();
    t.string('changed_at', 23).notNullable();
    t.integer('user_id');
    t.string('owner_kind', 8);
    t.integer('owner_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('change_log_pending');
}

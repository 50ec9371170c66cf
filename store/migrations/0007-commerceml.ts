// CommerceML 2 exchange (gateway/commerceml/README.md §1.2–1.4): exchange sessions handed out at
// checkauth, and the import runs that `mode=import` starts. Runs live in the database, not in
// one request, so progress survives across calls and a restart finds the unfinished ones.
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cml_sessions', (t) => {
    t.string('token', 64).primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('version', 20);
    t.string('created_at', TS).notNullable();
    t.string('last_seen_at', TS).notNullable();
  });
  await knex.schema.createTable('cml_imports', (t) => {
    t.increments('id').primary();
    t.string('session_token', 64)
      .notNullable()
      .references('cml_sessions.token')
      .onDelete('CASCADE');
    t.string('type', 10).notNullable();
    t.text('filename').notNullable();
    // queued → running → ok | failed; a run found 'running' after a restart is run again.
    t.string('status', 10).notNullable();
    t.integer('progress').notNullable().defaultTo(0);
    t.text('message');
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['session_token', 'filename']);
    t.index(['status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cml_imports');
  await knex.schema.dropTableIfExists('cml_sessions');
}

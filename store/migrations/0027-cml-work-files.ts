// The 1C work folder in the database (gateway/commerceml/README.md §1.3, "Several replicas" in
// README.md): with several replicas, checkauth, the file parts and the import polls of one
// exchange may each reach a different replica, so what 1C uploads is kept where all of them read
// it. A file is its chunk rows in id order, each at most a few hundred KiB (bounded memory).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cml_work_chunks', (t) => {
    t.increments('id').primary();
    t.string('session_token', 64).notNullable();
    t.string('name', 512).notNullable();
    t.binary('data').notNullable();
    t.integer('size').notNullable();
    t.string('created_at', 23).notNullable();
    t.index(['session_token', 'name', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cml_work_chunks');
}

// Access keys sealed at rest (store/users/access-keys.ts): the sealed key goes to a new column,
// and `access_key` keeps a unique "sealed:" placeholder once a row is sealed. The rows are sealed
// at the gateway's start, since only it holds the secret key (README.md "Login lockout").
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('access_key_sealed');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => t.dropColumn('access_key_sealed'));
}

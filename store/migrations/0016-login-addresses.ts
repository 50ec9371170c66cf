// Addresses a user recently logged in from (store/login-addresses.ts): the lockout lets them past
// the slowdown that other addresses' failures put on the user (README.md "Login lockout").
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_addresses', (t) => {
    // The user name lower-cased, as the lockout keys it, so unknown and directory names fit too.
    t.string('user_name', 200).notNullable();
    t.string('ip', 64).notNullable();
    t.string('last_success_at', TS).notNullable();
    t.primary(['user_name', 'ip']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_addresses');
}

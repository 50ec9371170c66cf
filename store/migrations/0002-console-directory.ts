// Console sessions, login throttling, and the directory identity of users (LDAP / AD).
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('console_sessions', (t) => {
    // sha256 of the cookie value: a leaked table does not give live sessions away.
    t.string('id_hash', 64).primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('csrf_token', 64).notNullable();
    t.string('created_at', TS).notNullable();
    t.string('last_seen_at', TS).notNullable();
    t.string('expires_at', TS).notNullable();
    t.string('ip', 64);
    t.text('user_agent');
    t.index(['user_id']);
  });
  await knex.schema.createTable('login_failures', (t) => {
    // key: "user:<name>" or "ip:<address>"; counts failures inside a window and locks after too many.
    t.string('key', 200).primary();
    t.integer('failures').notNullable();
    t.string('window_start', TS).notNullable();
    t.string('locked_until', TS);
  });
  await knex.schema.alterTable('users', (t) => {
    t.text('directory_dn');
    t.string('directory_id', 200);
    t.string('last_login_at', TS);
    t.index(['directory_id']);
  });
  await knex.schema.alterTable('groups', (t) => {
    t.text('directory_dn');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('groups', (t) => t.dropColumn('directory_dn'));
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['directory_id']);
    t.dropColumn('directory_dn');
    t.dropColumn('directory_id');
    t.dropColumn('last_login_at');
  });
  await knex.schema.dropTable('login_failures');
  await knex.schema.dropTable('console_sessions');
}

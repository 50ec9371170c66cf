// Web shops the CRM feeds as 1C does (README "Web shops (CRM as 1C)"): one row per shop
// connection with its exchange URL, the site administrator's login, the sealed password
// (store/secrets.ts, bound to the row id), the responsible CRM user, the catalogs sent, the
// schema version and encoding of the files, the status map, two schedules, on/off, and the
// cursors of the last successful catalog push and order exchange.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shop_connections', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable().unique();
    t.text('url').notNullable();
    t.string('login', 200).notNullable();
    t.text('secrets').notNullable();
    t.integer('user_id').notNullable().references('users.id');
    /** JSON array of Catalogs record ids; empty means the whole catalog. */
    t.text('catalogs').notNullable().defaultTo('[]');
    t.string('schema_version', 8).notNullable().defaultTo('2.08');
    t.string('encoding', 16).notNullable().defaultTo('utf-8');
    /** JSON array of {site, crm} pairs. */
    t.text('status_map').notNullable().defaultTo('[]');
    t.string('push_schedule', 100);
    t.string('orders_schedule', 100);
    t.boolean('active').notNullable().defaultTo(true);
    /** The CRM time the last successful push started from: the next push sends what changed since. */
    t.string('pushed_until', 23);
    t.string('orders_until', 23);
    t.text('last_error');
    t.string('created_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('shop_connections');
}

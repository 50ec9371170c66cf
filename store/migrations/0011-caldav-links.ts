// CalDAV bridge: one link per CRM user and remote calendar, its credentials encrypted at
// rest (AES-256-GCM, see store/secrets.ts), the position in the remote calendar
// (RFC 6578 sync token) and in our change log (last pushed seq), and the health the console shows.
// caldav_link_objects keeps each remote object's iCalendar text as last seen, so a CRM edit patches
// only the synced properties and everything else on the remote object survives; it also remembers
// the href of a record the CRM deleted (the recycle bin takes the sync link with the record).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('caldav_links', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('kind', 20).notNullable();
    t.text('url').notNullable();
    t.string('username', 200);
    t.string('account_email', 320);
    t.text('auth_url');
    t.text('token_url');
    t.string('client_id', 500);
    t.string('scopes', 1000);
    t.text('secrets').notNullable();
    t.text('calendar_url');
    t.text('sync_token');
    t.bigInteger('last_seq').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('first_sync_done').notNullable().defaultTo(false);
    t.string('last_sync_at', 23);
    t.text('last_error');
    t.integer('failures').notNullable().defaultTo(0);
    t.string('next_attempt_at', 23);
    t.text('last_counts');
    t.string('pull_requested_at', 23);
    t.string('created_at', 23).notNullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('caldav_link_objects', (t) => {
    t.integer('link_id').notNullable().references('caldav_links.id').onDelete('CASCADE');
    t.string('href', 1000).notNullable();
    t.integer('record_id').references('crm_entities.id').onDelete('CASCADE');
    t.string('uid', 500).notNullable();
    t.text('etag');
    t.text('ics').notNullable();
    t.string('content_hash', 64).notNullable();
    t.primary(['link_id', 'href']);
    t.index(['link_id', 'record_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('caldav_link_objects');
  await knex.schema.dropTableIfExists('caldav_links');
}

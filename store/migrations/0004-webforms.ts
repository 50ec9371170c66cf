// Webforms (gateway/webforms/README.md §4): form definitions and their fields, the durable
// inbox every submission is written to before its record is created, the attachments that
// become documents on the record, the ALTCHA replay table and the rate counters shared by
// every replica. Attachments are kept as database blobs (not files in the data directory) so
// that replicas on one PostgreSQL see the same documents.
import type { Knex } from 'knex';

const TS = 23;

async function createForms(knex: Knex): Promise<void> {
  await knex.schema.createTable('webforms', (t) => {
    t.increments('id').primary();
    t.string('public_id', 40).notNullable().unique();
    t.text('name').notNullable();
    t.string('module', 40).notNullable();
    t.string('owner_kind', 8).notNullable();
    t.integer('owner_id').notNullable();
    // The user whose actor creates the records (the form's author); null if that user is gone.
    t.integer('creator_id').references('users.id').onDelete('SET NULL');
    t.text('return_url');
    t.text('allowed_origins').notNullable();
    t.boolean('captcha').notNullable().defaultTo(false);
    t.boolean('allow_files').notNullable().defaultTo(false);
    t.integer('daily_cap').notNullable();
    t.integer('ip_limit').notNullable();
    t.integer('form_limit').notNullable();
    t.integer('min_fill_seconds').notNullable();
    t.string('dedupe', 8).notNullable().defaultTo('none');
    t.boolean('active').notNullable().defaultTo(true);
    t.string('cap_reached_on', 10);
    t.string('created_at', TS).notNullable();
    t.string('modified_at', TS).notNullable();
  });
  await knex.schema.createTable('webform_fields', (t) => {
    t.integer('webform_id').notNullable().references('webforms.id').onDelete('CASCADE');
    t.string('field_name', 100).notNullable();
    t.text('label').notNullable();
    t.boolean('required').notNullable().defaultTo(false);
    t.text('override_value');
    t.integer('sort').notNullable();
    t.primary(['webform_id', 'field_name']);
  });
}

async function createInbox(knex: Knex): Promise<void> {
  await knex.schema.createTable('webform_inbox', (t) => {
    t.increments('id').primary();
    t.integer('webform_id').notNullable().references('webforms.id');
    t.string('received_at', TS).notNullable();
    // pending → done, or error (kept, retried by the webforms.inbox job, shown in the console)
    t.string('status', 10).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.text('received').notNullable();
    t.text('record_values').notNullable();
    t.string('ip', 64);
    t.text('origin');
    t.integer('record_id');
    t.string('outcome', 10);
    t.integer('exchange_log_id');
    t.string('processed_at', TS);
    t.index(['webform_id', 'id']);
    t.index(['status', 'received_at']);
  });
  await knex.schema.createTable('webform_inbox_files', (t) => {
    t.increments('id').primary();
    t.integer('inbox_id').notNullable().references('webform_inbox.id').onDelete('CASCADE');
    t.text('file_name').notNullable();
    t.string('mime', 100).notNullable();
    t.integer('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.binary('content').notNullable();
    t.index(['inbox_id']);
  });
}

async function createSupport(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (t) => {
    t.increments('id').primary();
    t.integer('record_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    t.text('file_name').notNullable();
    t.string('mime', 100).notNullable();
    t.integer('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.binary('content').notNullable();
    t.string('source', 40).notNullable();
    t.string('created_at', TS).notNullable();
    t.index(['record_id']);
  });
  await knex.schema.createTable('webform_captcha_used', (t) => {
    t.string('challenge_id', 128).primary();
    t.string('expires_at', TS).notNullable();
    t.index(['expires_at']);
  });
  await knex.schema.createTable('webform_rate_counters', (t) => {
    t.string('bucket', 200).notNullable();
    t.bigInteger('window_start').notNullable();
    t.integer('hits').notNullable();
    t.primary(['bucket', 'window_start']);
    t.index(['window_start']);
  });
}

export async function up(knex: Knex): Promise<void> {
  await createForms(knex);
  await createInbox(knex);
  await createSupport(knex);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'webform_rate_counters',
    'webform_captcha_used',
    'documents',
    'webform_inbox_files',
    'webform_inbox',
    'webform_fields',
    'webforms',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

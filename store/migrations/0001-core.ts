// Core tables of the store. Append-only: later changes are new migration files, never edits.
// Timestamps are UTC text `YYYY-MM-DD HH:MM:SS.mmm`, identical on SQLite and PostgreSQL and
// sortable as text.
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('user_name', 64).notNullable().unique();
    t.text('password_hash').notNullable();
    t.string('access_key', 64).notNullable().unique();
    t.boolean('is_admin').notNullable().defaultTo(false);
    t.string('status', 16).notNullable().defaultTo('Active');
    t.text('first_name');
    t.text('last_name').notNullable();
    t.text('email1');
    t.string('time_zone', 64).notNullable().defaultTo('UTC');
    t.string('auth_source', 16).notNullable().defaultTo('local');
    t.string('created_at', TS).notNullable();
    t.string('modified_at', TS).notNullable();
  });
  await knex.schema.createTable('groups', (t) => {
    t.increments('id').primary();
    t.string('groupname', 100).notNullable().unique();
    t.text('description');
    t.string('created_at', TS).notNullable();
  });
  await knex.schema.createTable('group_members', (t) => {
    t.integer('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.primary(['group_id', 'user_id']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('crm_entities', (t) => {
    t.increments('id').primary();
    t.string('module', 40).notNullable();
    t.string('owner_kind', 8).notNullable();
    t.integer('owner_id').notNullable();
    t.string('record_no', 40);
    t.text('label').notNullable().defaultTo('');
    t.string('createdtime', TS).notNullable();
    t.string('modifiedtime', TS).notNullable();
    t.integer('modifiedby');
    t.integer('creator');
    t.boolean('deleted').notNullable().defaultTo(false);
    t.index(['module', 'deleted', 'id']);
    t.index(['module', 'modifiedtime']);
    t.index(['owner_kind', 'owner_id']);
    t.unique(['module', 'record_no']);
  });
  await knex.schema.createTable('record_numbers', (t) => {
    t.string('module', 40).primary();
    t.string('prefix', 20).notNullable();
    t.integer('next_value').notNullable();
  });
  await knex.schema.createTable('picklist_values', (t) => {
    t.string('module', 40).notNullable();
    t.string('field', 64).notNullable();
    t.string('value', 255).notNullable();
    t.integer('sort').notNullable().defaultTo(0);
    t.primary(['module', 'field', 'value']);
  });
  await knex.schema.createTable('module_sharing', (t) => {
    t.string('module', 40).primary();
    t.string('access', 16).notNullable();
  });
  await knex.schema.createTable('crm_relations', (t) => {
    t.increments('id').primary();
    t.integer('record_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    t.integer('related_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    t.string('created_at', TS).notNullable();
    t.unique(['record_id', 'related_id']);
    t.index(['related_id']);
  });
  await knex.schema.createTable('inventory_lines', (t) => {
    t.increments('id').primary();
    t.integer('record_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    t.integer('sequence').notNullable();
    t.integer('product_id');
    t.decimal('quantity', 25, 8).notNullable();
    t.decimal('list_price', 25, 8).notNullable();
    t.decimal('discount_percent', 25, 8);
    t.decimal('discount_amount', 25, 8);
    t.decimal('tax_percent', 25, 8);
    t.decimal('net_price', 25, 8).notNullable();
    t.text('comment');
    t.index(['record_id', 'sequence']);
  });
  await knex.schema.createTable('change_log', (t) => {
    t.bigIncrements('seq').primary();
    t.string('module', 40).notNullable();
    t.integer('record_id').notNullable();
    t.string('operation', 10).notNullable();
    t.string('changed_at', TS).notNullable();
    t.integer('user_id');
    t.string('owner_kind', 8);
    t.integer('owner_id');
    t.index(['module', 'seq']);
    t.index(['record_id']);
  });
  await knex.schema.createTable('recycle_bin', (t) => {
    t.integer('record_id').primary().references('crm_entities.id').onDelete('CASCADE');
    t.string('module', 40).notNullable();
    t.string('deleted_at', TS).notNullable();
    t.integer('deleted_by');
    t.text('snapshot').notNullable();
    t.index(['module', 'deleted_at']);
  });
  await knex.schema.createTable('sync_links', (t) => {
    t.increments('id').primary();
    t.string('system', 40).notNullable();
    t.string('connection', 100).notNullable();
    t.string('remote_id', 500).notNullable();
    t.integer('record_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    t.string('module', 40).notNullable();
    t.text('remote_etag');
    t.string('content_hash', 128);
    t.string('updated_at', TS).notNullable();
    t.unique(['system', 'connection', 'remote_id']);
    t.index(['record_id']);
  });
  await knex.schema.createTable('exchange_log', (t) => {
    t.increments('id').primary();
    t.string('started_at', TS).notNullable();
    t.string('finished_at', TS);
    t.string('system', 40).notNullable();
    t.string('connection', 100);
    t.string('direction', 10).notNullable();
    t.string('status', 10).notNullable();
    t.integer('created').notNullable().defaultTo(0);
    t.integer('updated').notNullable().defaultTo(0);
    t.integer('deleted').notNullable().defaultTo(0);
    t.integer('failed').notNullable().defaultTo(0);
    t.text('error');
    t.text('details');
    t.index(['system', 'started_at']);
    t.index(['started_at']);
  });
  await knex.schema.createTable('jobs', (t) => {
    t.string('name', 100).primary();
    t.text('description');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('interval_seconds');
    t.string('cron', 100);
    t.string('status', 12).notNullable().defaultTo('idle');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable().defaultTo(5);
    t.string('last_run_at', TS);
    t.string('last_finished_at', TS);
    t.integer('last_duration_ms');
    t.string('next_run_at', TS);
    t.text('last_error');
    t.boolean('run_requested').notNullable().defaultTo(false);
    t.string('locked_by', 100);
    t.string('locked_until', TS);
    t.index(['active', 'next_run_at']);
  });
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable();
    t.string('updated_at', TS).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'settings',
    'jobs',
    'exchange_log',
    'sync_links',
    'recycle_bin',
    'change_log',
    'inventory_lines',
    'crm_relations',
    'module_sharing',
    'picklist_values',
    'record_numbers',
    'crm_entities',
    'group_members',
    'groups',
    'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

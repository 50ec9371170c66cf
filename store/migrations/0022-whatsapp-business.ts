// WhatsApp Business channels (gateway/whatsapp/README.md §1): channel settings with the access
// token and app secret sealed (store/secrets.ts), the durable webhook inbox (§2), every message
// once by its wamid and every status once per (message, status) (§3), and the index of CRM
// mobile numbers in E.164 that incoming senders are matched against.
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('whatsapp_channels', (t) => {
    t.increments('id').primary();
    t.string('phone_number_id', 40).notNullable().unique();
    t.string('waba_id', 40).notNullable();
    t.text('token_sealed').notNullable();
    t.text('app_secret_sealed').notNullable();
    t.text('verify_token').notNullable();
    t.string('owner_kind', 10).notNullable();
    t.integer('owner_id').notNullable();
    t.text('graph_url').notNullable();
    t.string('api_version', 10).notNullable();
    t.boolean('tickets').notNullable();
    t.string('dial_prefix', 3).notNullable();
    t.integer('match_days').notNullable();
    t.boolean('paused').notNullable();
    t.text('last_error');
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
  });
  await knex.schema.createTable('whatsapp_inbox', (t) => {
    t.increments('id').primary();
    t.text('body').notNullable();
    t.string('received_at', TS).notNullable();
    t.string('processed_at', TS);
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.index(['processed_at', 'id']);
  });
  await knex.schema.createTable('whatsapp_messages', (t) => {
    t.increments('id').primary();
    t.integer('channel_id').notNullable().references('whatsapp_channels.id').onDelete('CASCADE');
    t.string('wamid', 200).unique();
    t.integer('conversation_id');
    t.string('direction', 3).notNullable();
    t.string('wa_id', 40).notNullable();
    t.string('type', 20).notNullable();
    t.text('text');
    t.string('media_id', 100);
    t.string('media_mime', 100);
    t.integer('document_id');
    // The ticket comment the message is, either way: agent comments already sent are not sent again.
    t.integer('comment_id').unique();
    t.string('sent_at', TS).notNullable();
    t.string('status', 12).notNullable();
    t.integer('error_code');
    t.text('error_title');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('payload');
    t.index(['conversation_id', 'id']);
    t.index(['status']);
  });
  await knex.schema.createTable('whatsapp_statuses', (t) => {
    t.string('wamid', 200).notNullable();
    t.string('status', 12).notNullable();
    t.string('at', TS).notNullable();
    t.integer('error_code');
    t.text('error_title');
    t.primary(['wamid', 'status']);
  });
  await knex.schema.createTable('whatsapp_numbers', (t) => {
    t.string('e164', 20).notNullable();
    t.integer('record_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    t.string('module', 40).notNullable();
    t.primary(['e164', 'record_id']);
    t.index(['record_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'whatsapp_numbers',
    'whatsapp_statuses',
    'whatsapp_messages',
    'whatsapp_inbox',
    'whatsapp_channels',
  ])
    await knex.schema.dropTableIfExists(table);
}

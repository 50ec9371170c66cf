// REST hooks (gateway/hooks/README.md): subscriptions per user, the events fanned out from the
// change log, a durable outbox of deliveries per subscription with their attempts, and the
// change-log position the fan-out has reached. A dead letter is an outbox row in status `dead`.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('hook_subscriptions', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('target_url', 2000).notNullable();
    t.string('event', 20).notNullable();
    t.string('module', 40).notNullable();
    t.text('filter').nullable();
    // whsec_… sealed with the gateway's secret key (store/secrets.ts), bound to the row id.
    t.text('secret').notNullable();
    t.string('status', 20).notNullable().defaultTo('active');
    t.text('disabled_reason').nullable();
    t.string('created_at', 23).notNullable();
    t.index(['module', 'event', 'status']);
    t.index(['user_id']);
  });
  // One row per change-log entry some subscription received: the body is built once per change.
  await knex.schema.createTable('hook_events', (t) => {
    t.increments('id').primary();
    t.bigInteger('seq').notNullable();
    t.string('module', 40).notNullable();
    t.integer('record_id').notNullable();
    t.string('event', 20).notNullable();
    t.string('occurred_at', 23).notNullable();
    t.text('payload').notNullable();
    t.unique(['seq']);
  });
  await knex.schema.createTable('hook_outbox', (t) => {
    t.increments('id').primary();
    // The Standard Webhooks webhook-id: the same on every attempt of one delivery.
    t.string('message_id', 40).notNullable().unique();
    t.integer('subscription_id')
      .notNullable()
      .references('hook_subscriptions.id')
      .onDelete('CASCADE');
    t.integer('event_id').notNullable().references('hook_events.id').onDelete('CASCADE');
    t.integer('record_id').notNullable();
    t.string('status', 20).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 23).notNullable();
    t.string('first_failed_at', 23).nullable();
    t.string('delivered_at', 23).nullable();
    t.text('last_error').nullable();
    t.index(['status', 'next_attempt_at', 'id']);
    t.index(['subscription_id', 'record_id', 'status']);
  });
  await knex.schema.createTable('hook_attempts', (t) => {
    t.increments('id').primary();
    t.integer('outbox_id').notNullable().references('hook_outbox.id').onDelete('CASCADE');
    t.string('attempted_at', 23).notNullable();
    t.integer('status_code').nullable();
    t.text('error').nullable();
    t.integer('duration_ms').notNullable();
    t.index(['outbox_id']);
  });
  await knex.schema.createTable('hook_feed', (t) => {
    t.string('name', 40).primary();
    t.bigInteger('last_seq').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('hook_feed');
  await knex.schema.dropTableIfExists('hook_attempts');
  await knex.schema.dropTableIfExists('hook_outbox');
  await knex.schema.dropTableIfExists('hook_events');
  await knex.schema.dropTableIfExists('hook_subscriptions');
}

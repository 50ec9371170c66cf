// Web Push (README.md "Web Push", gateway/push/README.md): the browsers and apps each user
// subscribed (sealed, as a subscription is a bearer capability: RFC 8030 §8), each user's
// preferences, the durable outbox the sender drains (RFC 8030 §5: TTL, Urgency, Topic), the
// reminders already queued, and a cheap last-activity stamp for the "idle" rule.
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('push_subscriptions', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    // SHA-256 of the endpoint: the same browser subscribing twice keeps one row.
    t.string('endpoint_hash', 64).notNullable().unique();
    // The endpoint and its keys (RFC 8291 §3: p256dh, auth) as one sealed JSON value.
    t.text('sealed').notNullable();
    t.string('created_at', TS).notNullable();
    t.string('last_success_at', TS);
    t.index(['user_id']);
  });
  await knex.schema.createTable('push_preferences', (t) => {
    t.integer('user_id').primary().references('users.id').onDelete('CASCADE');
    t.text('preferences').notNullable();
    t.string('updated_at', TS).notNullable();
  });
  await knex.schema.createTable('push_outbox', (t) => {
    t.increments('id').primary();
    t.integer('subscription_id')
      .notNullable()
      .references('push_subscriptions.id')
      .onDelete('CASCADE');
    t.integer('user_id').notNullable();
    t.string('kind', 16).notNullable();
    // RFC 8030 §5.4: a newer message with the same topic replaces a queued one.
    t.string('topic', 32);
    t.string('urgency', 8).notNullable();
    t.text('payload').notNullable();
    t.string('created_at', TS).notNullable();
    t.string('expires_at', TS).notNullable();
    t.string('next_attempt_at', TS).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.unique(['subscription_id', 'topic']);
    t.index(['next_attempt_at']);
  });
  await knex.schema.createTable('push_reminders_sent', (t) => {
    t.integer('record_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    // The start the reminder was for: moving the event arms its reminder again.
    t.string('starts_at', TS).notNullable();
    t.primary(['record_id', 'starts_at']);
  });
  await knex.schema.createTable('push_activity', (t) => {
    t.integer('user_id').primary().references('users.id').onDelete('CASCADE');
    t.string('last_active_at', TS).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('push_activity');
  await knex.schema.dropTable('push_reminders_sent');
  await knex.schema.dropTable('push_outbox');
  await knex.schema.dropTable('push_preferences');
  await knex.schema.dropTable('push_subscriptions');
}

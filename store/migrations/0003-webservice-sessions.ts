// Webservice state shared by every replica (gateway/rest/README.md §1–§2, §5, §6): vtiger sessions
// and challenge tokens, OAuth2 access tokens for the vtenext REST path, lead conversions, and the
// indexes that sync (change log by time) and VTQL LIKE filters on Contacts need.
import type { Knex } from 'knex';

const TS = 23;

async function createAuthTables(knex: Knex): Promise<void> {
  await knex.schema.createTable('webservice_sessions', (t) => {
    // sha256 of the sessionName: a copy of the table gives no live session away.
    t.string('name_hash', 64).primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('created_at', TS).notNullable();
    t.string('last_seen_at', TS).notNullable();
    t.index(['user_id']);
    t.index(['last_seen_at']);
  });
  await knex.schema.createTable('webservice_challenges', (t) => {
    // Kept in clear: login needs md5(token + accessKey); a token is worthless without the key.
    t.string('token', 64).primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('created_at', TS).notNullable();
    t.string('expires_at', TS).notNullable();
    t.index(['user_id', 'expires_at']);
  });
  await knex.schema.createTable('oauth_access_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('client_id', 200);
    t.string('scope', 40).notNullable();
    t.string('created_at', TS).notNullable();
    t.string('expires_at', TS).notNullable();
    t.boolean('revoked').notNullable().defaultTo(false);
    t.index(['user_id']);
  });
}

async function createLeadConversions(knex: Knex): Promise<void> {
  await knex.schema.createTable('lead_conversions', (t) => {
    t.integer('lead_id').primary().references('crm_entities.id').onDelete('CASCADE');
    t.integer('account_id');
    t.integer('contact_id');
    t.integer('potential_id');
    t.string('converted_at', TS).notNullable();
    t.integer('converted_by');
  });
}

/**
 * Module tables are created after the migrations (module-schema.ts), so on a fresh database
 * mod_contacts does not exist yet: create it with the two indexed columns (same types the
 * module schema gives them); the module schema adds the other columns right after.
 */
async function indexContacts(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('mod_contacts'))) {
    await knex.schema.createTable('mod_contacts', (t) => {
      t.integer('id').primary().references('crm_entities.id').onDelete('CASCADE');
      t.text('lastname');
      t.text('email');
    });
  }
  for (const column of ['lastname', 'email']) {
    if (!(await knex.schema.hasColumn('mod_contacts', column)))
      await knex.schema.alterTable('mod_contacts', (t) => t.text(column));
    // Equality and IN use the plain index. VTQL's LIKE is case-insensitive (LOWER(col) LIKE
    // LOWER(?)): PostgreSQL serves prefix patterns from an index on lower(col) with
    // text_pattern_ops; SQLite cannot use an index for LIKE on an expression, and walks the
    // (module, deleted, id) index until LIMIT rows match.
    await knex.raw(`CREATE INDEX mod_contacts_${column}_index ON mod_contacts (${column})`);
    if (knex.client.config.client === 'pg')
      await knex.raw(
        `CREATE INDEX mod_contacts_${column}_lower ON mod_contacts (lower(${column}) text_pattern_ops)`,
      );
  }
}

export async function up(knex: Knex): Promise<void> {
  await createAuthTables(knex);
  await createLeadConversions(knex);
  await knex.schema.alterTable('change_log', (t) => {
    t.index(['changed_at']);
    t.index(['module', 'changed_at']);
  });
  await indexContacts(knex);
}

export async function down(knex: Knex): Promise<void> {
  for (const name of ['lastname_index', 'lastname_lower', 'email_index', 'email_lower'])
    await knex.raw(`DROP INDEX IF EXISTS mod_contacts_${name}`);
  await knex.schema.alterTable('change_log', (t) => {
    t.dropIndex(['module', 'changed_at']);
    t.dropIndex(['changed_at']);
  });
  for (const table of [
    'lead_conversions',
    'oauth_access_tokens',
    'webservice_challenges',
    'webservice_sessions',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

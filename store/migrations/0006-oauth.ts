// The OAuth2 authorization server (gateway/oauth/README.md §1.2): registered
// applications ("External applications") with their allowed users and groups and their public
// keys (RFC 7523 private_key_jwt), pending authorization requests and codes (RFC 6749 §4.1),
// refresh tokens in rotation families (RFC 9700 §4.14), consents, client-assertion jti values
// (replay protection) and request counters shared by every replica (token endpoint rate limit).
// Codes, tokens, secrets and request ids are stored as SHA-256 only.
import type { Knex } from 'knex';

const TS = 23;

async function createClients(knex: Knex): Promise<void> {
  await knex.schema.createTable('oauth_clients', (t) => {
    t.string('id', 64).primary();
    t.string('name', 100).notNullable();
    t.text('description');
    t.text('icon_url');
    // service (client_credentials) | web (confidential, code) | native (public, code + PKCE)
    t.string('client_type', 16).notNullable();
    // client_secret | private_key_jwt | none
    t.string('auth_method', 24).notNullable();
    t.string('secret_hash', 64);
    t.string('scope', 16).notNullable();
    t.text('redirect_uris').notNullable().defaultTo('[]');
    t.boolean('offline_access').notNullable().defaultTo(false);
    // The service account's user, or the user the app belongs to (its "associated" user).
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.boolean('restricted').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('oauth_client_principals', (t) => {
    t.string('client_id', 64).notNullable().references('oauth_clients.id').onDelete('CASCADE');
    t.string('kind', 8).notNullable();
    t.integer('principal_id').notNullable();
    t.primary(['client_id', 'kind', 'principal_id']);
  });
  await knex.schema.createTable('oauth_client_keys', (t) => {
    t.string('kid', 100).primary();
    t.string('client_id', 64).notNullable().references('oauth_clients.id').onDelete('CASCADE');
    t.string('alg', 16).notNullable();
    t.text('public_jwk').notNullable();
    t.string('created_at', TS).notNullable();
    t.index(['client_id']);
  });
}

async function createGrants(knex: Knex): Promise<void> {
  await knex.schema.createTable('oauth_authorize_requests', (t) => {
    t.string('id_hash', 64).primary();
    t.string('client_id', 64).notNullable().references('oauth_clients.id').onDelete('CASCADE');
    t.text('redirect_uri').notNullable();
    t.string('scope', 16).notNullable();
    t.text('state').notNullable();
    t.string('code_challenge', 128).notNullable();
    t.string('code_challenge_method', 8).notNullable();
    // Bound to the first logged-in user who opens the consent page.
    t.integer('user_id').references('users.id').onDelete('CASCADE');
    t.string('created_at', TS).notNullable();
    t.string('expires_at', TS).notNullable();
    t.index(['expires_at']);
  });
  await knex.schema.createTable('oauth_codes', (t) => {
    t.string('code_hash', 64).primary();
    t.string('client_id', 64).notNullable().references('oauth_clients.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('redirect_uri').notNullable();
    t.string('scope', 16).notNullable();
    t.string('code_challenge', 128);
    t.string('code_challenge_method', 8);
    // The tokens issued for this code share it, so a replayed code revokes them (RFC 6749 §4.1.2).
    t.string('family_id', 64).notNullable();
    t.string('created_at', TS).notNullable();
    t.string('expires_at', TS).notNullable();
    t.string('used_at', TS);
    t.index(['expires_at']);
  });
}

async function createTokens(knex: Knex): Promise<void> {
  await knex.schema.createTable('oauth_refresh_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.string('family_id', 64).notNullable();
    t.string('client_id', 64).notNullable().references('oauth_clients.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('scope', 16).notNullable();
    t.string('created_at', TS).notNullable();
    t.string('expires_at', TS).notNullable();
    t.string('rotated_at', TS);
    t.boolean('revoked').notNullable().defaultTo(false);
    t.index(['family_id']);
    t.index(['client_id', 'user_id']);
  });
  await knex.schema.alterTable('oauth_access_tokens', (t) => {
    t.string('family_id', 64);
    t.index(['family_id']);
    t.index(['client_id', 'user_id']);
  });
}

async function createGuards(knex: Knex): Promise<void> {
  await knex.schema.createTable('oauth_consents', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('client_id', 64).notNullable().references('oauth_clients.id').onDelete('CASCADE');
    t.string('scope', 16).notNullable();
    t.string('granted_at', TS).notNullable();
    t.primary(['user_id', 'client_id']);
  });
  await knex.schema.createTable('oauth_assertion_jtis', (t) => {
    t.string('client_id', 64).notNullable();
    t.string('jti', 200).notNullable();
    t.string('expires_at', TS).notNullable();
    t.primary(['client_id', 'jti']);
    t.index(['expires_at']);
  });
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 250).primary();
    t.string('window_start', TS).notNullable();
    t.integer('hits').notNullable().defaultTo(0);
  });
}

export async function up(knex: Knex): Promise<void> {
  await createClients(knex);
  await createGrants(knex);
  await createTokens(knex);
  await createGuards(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('oauth_access_tokens', (t) => {
    t.dropIndex(['client_id', 'user_id']);
    t.dropIndex(['family_id']);
    t.dropColumn('family_id');
  });
  for (const table of [
    'rate_limits',
    'oauth_assertion_jtis',
    'oauth_consents',
    'oauth_refresh_tokens',
    'oauth_codes',
    'oauth_authorize_requests',
    'oauth_client_keys',
    'oauth_client_principals',
    'oauth_clients',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

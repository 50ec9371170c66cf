// The Exchange bridge (sync/providers/exchange/README.md): one row per Microsoft Entra app
// registration the gateway signs in as (client credentials, RFC 6749 §4.4), with its Graph and login
// base URLs so national clouds work. The secret or certificate is sealed (store/secrets.ts), bound
// to `exchange-connection:<id>`. The links (CRM user ↔ mailbox) live in the generic bridge tables
// (migration 0014, system `exchange-bridge`), their item ids and change keys in bridge_objects.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exchange_connections', (t) => {
    t.increments('id').primary();
    /** The transport: `graph` (Microsoft Graph v1.0); `ews` for Exchange Server later. */
    t.string('kind', 20).notNullable();
    t.string('name', 200).notNullable().unique();
    t.string('tenant_id', 200).notNullable();
    t.string('client_id', 200).notNullable();
    /** `secret` or `certificate`: which credential the sealed value holds. */
    t.string('credential', 20).notNullable();
    t.text('graph_url').notNullable();
    t.text('login_url').notNullable();
    t.text('secrets').notNullable();
    t.string('created_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('exchange_connections');
}

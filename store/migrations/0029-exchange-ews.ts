// The Exchange bridge's second transport, EWS for Exchange Server on-premises
// (sync/providers/exchange/README.md "EWS"): a connection of kind `ews` keeps the EWS endpoint, the
// user name, the authentication (NTLM or Basic) and whether it acts through the
// ApplicationImpersonation role. Its password is sealed in `secrets` like a Graph client secret;
// the Graph-only columns stay empty on these rows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exchange_connections', (t) => {
    t.text('ews_url').nullable();
    t.string('ews_username', 256).nullable();
    /** `ntlm` or `basic`. */
    t.string('ews_auth', 10).nullable();
    t.boolean('ews_impersonation').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exchange_connections', (t) => {
    t.dropColumn('ews_url');
    t.dropColumn('ews_username');
    t.dropColumn('ews_auth');
    t.dropColumn('ews_impersonation');
  });
}

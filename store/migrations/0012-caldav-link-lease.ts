// CalDAV bridge: a lease per link, so one sync of a link runs at a time across processes
// (the server's job, a `caldav-link sync` from the command line, several replicas on PostgreSQL).
// Taken by a conditional UPDATE (free or expired), renewed while the run lasts, cleared at its end;
// a holder that dies leaves a lease that simply expires.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('caldav_links', (t) => {
    t.string('lease_holder', 200);
    t.string('lease_until', 23);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('caldav_links', (t) => {
    t.dropColumn('lease_until');
    t.dropColumn('lease_holder');
  });
}

// CalDAV (RFC 4791 §4.1): the iCalendar object a client stored for an Events or Tasks
// record, kept verbatim with its UID so clients' data (alarms, X- properties, overrides) round-
// trips, plus the first/last instance so time-range queries pick candidates by index
// (gateway/caldav/README.md §3). The href ⇄ record mapping lives in sync_links (system 'caldav').
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('caldav_objects', (t) => {
    t.integer('record_id').primary().references('crm_entities.id').onDelete('CASCADE');
    t.string('module', 40).notNullable();
    t.string('uid', 500).notNullable();
    // The href name, kept after a delete (sync links go to the recycle bin) for RFC 6578 404s.
    t.string('name', 500).notNullable();
    t.text('ics').notNullable();
    // modifiedtime of the record when the ics was stored: a later CRM edit re-renders the fields.
    t.string('record_modified', 23).notNullable();
    t.string('range_start_utc', 20);
    // NULL = an endless series.
    t.string('range_end_utc', 20);
    t.index(['module', 'uid']);
    t.index(['module', 'range_start_utc', 'range_end_utc']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('caldav_objects');
}

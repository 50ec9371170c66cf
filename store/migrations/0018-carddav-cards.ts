// CardDAV (RFC 6352 §5.1): the vCard a client stored for a CRM Contact, kept verbatim with its UID
// so that properties the CRM has no field for (itemN. labels, X- properties, PHOTO, CATEGORIES)
// round-trip; CRM edits are patched into it when served (gateway/carddav/README.md §3). The href ⇄
// record mapping lives in sync_links (system 'carddav'), as for calendar objects.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('carddav_cards', (t) => {
    t.integer('record_id').primary().references('crm_entities.id').onDelete('CASCADE');
    t.string('module', 40).notNullable();
    // The address book the card was stored through (`contacts`: the user's own book).
    t.string('book', 40).notNullable();
    t.string('uid', 500).notNullable();
    // The href name, kept after a delete (sync links go to the recycle bin) for RFC 6578 404s.
    t.string('name', 500).notNullable();
    t.text('vcard').notNullable();
    // modifiedtime of the record when the card was stored: a later CRM edit is patched in.
    t.string('record_modified', 23).notNullable();
    t.index(['module', 'uid']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('carddav_cards');
}

// Seeds Contacts fast for benchmarks: bulk knex inserts in batches, one transaction per
// batch group, with the row shapes RecordRepository.create writes (crm_entities + mod_contacts +
// a change_log row, record numbers advanced) — without the per-record validation round trips.
import type { Knex } from 'knex';
import { nowUtc } from '../../store/db.js';

export const SURNAMES = [
  'Meyer',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krause',
  'Hartmann',
  'Lange',
];

const BATCH = 500;
const BATCHES_PER_TRANSACTION = 20;

function rows(
  from: number,
  to: number,
  ownerId: number,
  now: string,
): { entities: object[]; contacts: object[]; changes: object[] } {
  const entities: object[] = [];
  const contacts: object[] = [];
  const changes: object[] = [];
  for (let id = from; id < to; id++) {
    const firstname = `First${id}`;
    const lastname = `${SURNAMES[id % SURNAMES.length] ?? 'X'} ${id}`;
    entities.push({
      id,
      module: 'Contacts',
      owner_kind: 'user',
      owner_id: ownerId,
      record_no: `CON${id}`,
      label: `${firstname} ${lastname}`,
      createdtime: now,
      modifiedtime: now,
      modifiedby: ownerId,
      creator: ownerId,
      deleted: false,
    });
    contacts.push({
      id,
      firstname,
      lastname,
      email: `person${id}@example.org`,
      mobile: `+49 170 ${100000 + id}`,
      leadsource: id % 7 === 0 ? 'Web Site' : 'Partner',
      emailoptout: false,
      donotcall: false,
    });
    changes.push({
      module: 'Contacts',
      record_id: id,
      operation: 'create',
      changed_at: now,
      user_id: ownerId,
      owner_kind: 'user',
      owner_id: ownerId,
    });
  }
  return { entities, contacts, changes };
}

/** Inserts `count` Contacts owned by `ownerId` into an empty record store; ids 1..count. */
export async function seedContacts(knex: Knex, ownerId: number, count: number): Promise<void> {
  const now = nowUtc();
  for (let start = 1; start <= count; start += BATCH * BATCHES_PER_TRANSACTION) {
    await knex.transaction(async (trx) => {
      const end = Math.min(count + 1, start + BATCH * BATCHES_PER_TRANSACTION);
      for (let from = start; from < end; from += BATCH) {
        const batch = rows(from, Math.min(end, from + BATCH), ownerId, now);
        await trx('crm_entities').insert(batch.entities);
        await trx('mod_contacts').insert(batch.contacts);
        await trx('change_log').insert(batch.changes);
      }
    });
  }
  await knex('record_numbers')
    .where({ module: 'Contacts' })
    .update({ next_value: count + 1 });
  // The ids above were given explicitly: PostgreSQL's sequence must move past them, or the next
  // record (the base currency, a created Contact) would take id 1 again.
  if (knex.client.config.client === 'pg')
    await knex.raw("select setval(pg_get_serial_sequence('crm_entities', 'id'), ?)", [count]);
}

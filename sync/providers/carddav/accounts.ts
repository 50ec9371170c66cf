// ORG ⇄ the contact's account for the CardDAV bridge (sync/providers/carddav/README.md "Field
// mapping"). ORG's first component is the organisation's name (RFC 6350 §6.6.4): a push writes the
// account's name there; a pull links the live Account of that name (case-insensitive, the oldest
// when several, as the CardDAV server does: gateway/carddav/card-values.ts) and, unlike the
// server, creates one owned by the link's owner when none exists, since a synced address book is
// the CRM's contact source. Lookup and creation run in the contact's transaction.
import type { Knex } from 'knex';
import { CardRepository } from '../../../store/carddav/cards.js';
import type { RecordRepository } from '../../../store/records/record-repository.js';
import type { Actor, CrmRecord, FieldValues, Owner } from '../../../store/types.js';

/** Names of accounts by id, read once per run (one mapping lives for one run). */
export class AccountNames {
  private readonly cache = new Map<number, string>();

  constructor(private readonly knex: Knex) {}

  /** The name of the contact's live account; '' when it has none. */
  async of(record: CrmRecord): Promise<string> {
    const id = Number(record.values['account_id'] ?? '');
    if (!Number.isInteger(id) || id <= 0) return '';
    const known = this.cache.get(id);
    if (known !== undefined) return known;
    const name = (await new CardRepository(this.knex).accountNames([id])).get(id) ?? '';
    this.cache.set(id, name);
    return name;
  }
}

/** `account_id` for an ORG name: the existing Account, else a new one; '' for no ORG. */
export async function accountValues(
  trx: Knex.Transaction,
  records: RecordRepository,
  who: { readonly actor: Actor; readonly owner: Owner },
  org: string,
): Promise<FieldValues> {
  const name = org.trim();
  if (name === '') return { account_id: '' };
  const found = await new CardRepository(trx).accountByName(name);
  if (found !== null) return { account_id: String(found) };
  const made = await records.create(who.actor, 'Accounts', {
    values: { accountname: name },
    owner: who.owner,
  });
  return { account_id: String(made.id) };
}

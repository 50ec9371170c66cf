// The CRM values a client's card writes (gateway/carddav/README.md §3 mapping table): every mapped
// Contacts field (one the card leaves out is cleared), and the account named by ORG when one by
// that exact name exists; an ORG naming no account links none and stays in the kept card.
import type { ParsedCard } from '../../formats/vcard/card.js';
import { cardFields } from '../../formats/vcard/contact-fields.js';
import { CONTACT_FIELDS } from '../../formats/vcard/from-crm.js';
import type { FieldValues } from '../../store/types.js';
import type { CarddavDeps } from './deps.js';

export async function contactValues(deps: CarddavDeps, card: ParsedCard): Promise<FieldValues> {
  const fields = cardFields(card);
  const values: Record<string, string> = {};
  for (const f of CONTACT_FIELDS) values[f] = fields.get(f)?.value ?? '';
  const org = fields.get('organization')?.value ?? '';
  const account = org === '' ? null : await deps.cards.accountByName(org);
  values['account_id'] = account === null ? '' : String(account);
  return values;
}

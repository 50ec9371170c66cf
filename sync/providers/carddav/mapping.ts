// CRM Contacts ⇄ remote vCards for the engine. A remote card is patched, never rebuilt: only the
// CRM-owned properties change (formats/vcard/patch.ts), so `itemN.` labels, X- properties, PHOTO
// and groups the remote holds survive a CRM edit; REV says when (RFC 6350 §6.7.4), for the
// newer-wins rule. A first sync links a card to the user's Contact with the same e-mail or phone
// (contact-match.ts) instead of creating a second one. ORG is the contact's account (accounts.ts).
import { parseCard } from '../../../formats/vcard/card.js';
import { CONTACT_FIELDS, freshCard } from '../../../formats/vcard/from-crm.js';
import type { ContactField } from '../../../formats/vcard/contact-fields.js';
import { patchCard } from '../../../formats/vcard/patch.js';
import { newProp, writeCard } from '../../../formats/vcard/write.js';
import type { ParsedCard } from '../../../formats/vcard/card.js';
import type { Knex } from 'knex';
import type { RecordRepository } from '../../../store/records/record-repository.js';
import type { Actor, CrmRecord, FieldValues, Owner } from '../../../store/types.js';
import type { ItemMapping, MappedItem } from '../../mapping.js';
import { accountValues, type AccountNames } from './accounts.js';
import {
  fieldsHash,
  isPersonCard,
  ORG_FIELD,
  readCard,
  recordFields,
  type ContactValues,
} from './fields.js';

const OWN_UID = /^crm-contact-(\d+)@gateway$/;

/** Finds the owner's Contact a card is the same as; null when none. */
export type ContactMatcher = (
  owner: Owner,
  emails: readonly string[],
  phones: readonly string[],
) => Promise<number | null>;

function stamped(text: string, nowMs: number): string {
  const card = parseCard(text);
  const rev = new Date(nowMs).toISOString().replace(/[-:]|\.\d+/g, '');
  const props = card.props.filter((p) => p.name !== 'rev');
  props.push(newProp('rev', rev, {}, 'unknown'));
  return writeCard(props, card.version);
}

function owned(fields: ContactValues): Map<ContactField, string> {
  const out = new Map<ContactField, string>(CONTACT_FIELDS.map((f) => [f, fields[f] ?? '']));
  out.set(ORG_FIELD, fields[ORG_FIELD] ?? '');
  return out;
}

/** The Contacts values of a card's fields: ORG is no field, it names the account (accounts.ts). */
function contactValues(fields: ContactValues): FieldValues {
  const out: Record<string, string> = {};
  for (const f of CONTACT_FIELDS) out[f] = fields[f] ?? '';
  return out;
}

export class ContactMapping implements ItemMapping<ContactValues, ParsedCard> {
  readonly modules = ['Contacts'] as const;

  constructor(
    private readonly matcher: ContactMatcher,
    private readonly accounts: AccountNames,
  ) {}

  read(raw: string): (MappedItem<ContactValues> & { readonly parsed: ParsedCard }) | null {
    const card = readCard(raw);
    if (!isPersonCard(card.parsed)) return null;
    return { ...card, module: 'Contacts', values: contactValues(card.fields) };
  }

  async fieldsOf(record: CrmRecord): Promise<ContactValues> {
    return recordFields(record, await this.accounts.of(record));
  }

  linkedValues(
    trx: Knex.Transaction,
    records: RecordRepository,
    who: { readonly actor: Actor; readonly owner: Owner },
    fields: ContactValues,
  ): Promise<FieldValues> {
    return accountValues(trx, records, who, fields[ORG_FIELD] ?? '');
  }

  hash(fields: ContactValues): string {
    return fieldsHash(fields);
  }

  initial(): boolean {
    return true;
  }

  patch(raw: string, fields: ContactValues, nowMs: number): string {
    return stamped(patchCard(parseCard(raw), owned(fields)), nowMs);
  }

  async fresh(
    record: CrmRecord,
    fields: ContactValues,
    nowMs: number,
  ): Promise<{ uid: string; raw: string }> {
    const uid = `crm-contact-${record.id}@gateway`;
    const card = freshCard(uid, '3.0');
    const name = [fields['firstname'], fields['lastname']].filter((s) => s).join(' ');
    const withName = { ...card, props: [...card.props, newProp('fn', name || record.label)] };
    return { uid, raw: stamped(patchCard(withName, owned(fields)), nowMs) };
  }

  defaults(): FieldValues {
    return {};
  }

  ownRecordId(uid: string): number | null {
    const own = OWN_UID.exec(uid);
    return own ? Number(own[1]) : null;
  }

  match(owner: Owner, item: MappedItem<ContactValues>): Promise<number | null> {
    const f = item.fields;
    const emails = [f['email'], f['secondaryemail']].filter((s): s is string => !!s);
    const phones = ['phone', 'mobile', 'homephone', 'otherphone']
      .map((k) => f[k])
      .filter((s): s is string => !!s);
    return this.matcher(owner, emails, phones);
  }
}

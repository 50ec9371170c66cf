// CRM records → vCards: a Contact as its client's stored card with the CRM's fields patched in
// (patch.ts) or, when no client ever stored one, a fresh card; an Account as a KIND:org card
// (RFC 6350 §6.1.4) for the read-only Organizations book (gateway/carddav/README.md §2).
import type { CrmRecord } from '../../store/types.js';
import { newProp, writeCard } from './write.js';
import type { CardProp, ParsedCard, VcardVersion } from './card.js';
import { ADDRESS_PARTS, type ContactField } from './contact-fields.js';
import { patchCard, type CrmContact } from './patch.js';
import { cardAs } from './version.js';

/** Contacts fields a card carries, by the CRM's field names (Contacts has no `otherpobox`). */
export const CONTACT_FIELDS: readonly ContactField[] = [
  'firstname',
  'lastname',
  'department',
  'title',
  'email',
  'secondaryemail',
  'phone',
  'mobile',
  'homephone',
  'fax',
  'otherphone',
  'birthday',
  'description',
  ...ADDRESS_PARTS.map((p) => `mailing${p}` as const),
  ...ADDRESS_PARTS.filter((p) => p !== 'pobox').map((p) => `other${p}` as const),
];

/** The CRM side of a Contact; ORG is the CRM's only when the record has an account. */
export function crmContactOf(record: CrmRecord, accountName: string | null): CrmContact {
  const out = new Map<ContactField, string>();
  for (const f of CONTACT_FIELDS) out.set(f, record.values[f] ?? '');
  if (accountName !== null) out.set('organization', accountName);
  return out;
}

/** UID of a card the gateway makes for a record no client stored (RFC 6350 §6.7.6). */
export const generatedUid = (recordId: number): string => `crm-contact-${recordId}`;

export function freshCard(uid: string, version: VcardVersion): ParsedCard {
  return { version, uid, props: [newProp('version', version), newProp('uid', uid)] };
}

export function contactCard(
  record: CrmRecord,
  stored: ParsedCard | null,
  accountName: string | null,
): string {
  return patchCard(
    stored ?? freshCard(generatedUid(record.id), '3.0'),
    crmContactOf(record, accountName),
  );
}

function add(
  props: CardProp[],
  name: string,
  value: string | null | undefined,
  params: Record<string, string[]> = {},
): void {
  if (value) props.push(newProp(name, value, params));
}

/** An Account as an organisation card, written in the asked version. */
export function organizationCard(record: CrmRecord, version: VcardVersion): string {
  const v = record.values;
  const name = v['accountname'] ?? record.label;
  const props: CardProp[] = [
    newProp('version', '4.0'),
    newProp('uid', `crm-account-${record.id}`),
    newProp('kind', 'org'),
    newProp('fn', name),
    newProp('org', [name]),
  ];
  add(props, 'tel', v['phone'], { type: ['work', 'voice'] });
  add(props, 'tel', v['otherphone'], { type: ['voice'] });
  add(props, 'tel', v['fax'], { type: ['work', 'fax'] });
  add(props, 'email', v['email1'], { type: ['work'] });
  add(props, 'email', v['email2']);
  add(props, 'url', v['website']);
  for (const [prefix, type] of [
    ['bill', 'work'],
    ['ship', 'postal'],
  ] as const) {
    const part = (f: string): string => v[`${prefix}_${f}`] ?? '';
    const adr = [
      part('pobox'),
      '',
      part('street'),
      part('city'),
      part('state'),
      part('code'),
      part('country'),
    ];
    if (adr.some((c) => c !== '')) props.push(newProp('adr', adr, { type: [type] }));
  }
  add(props, 'note', v['description']);
  // Apple shows a card as a company by X-ABShowAs:COMPANY in either version
  // (gateway/carddav/README.md §2); KIND:org becomes X-ADDRESSBOOKSERVER-KIND in 3.0 (version.ts).
  props.push(newProp('x-abshowas', 'COMPANY', {}, 'unknown'));
  const text = writeCard(props, '4.0');
  if (version === '4.0') return text;
  return cardAs({ version: '4.0', uid: `crm-account-${record.id}`, props }, text, '3.0');
}

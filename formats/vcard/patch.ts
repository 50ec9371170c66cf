// CRM Contact → vCard: the client's card (or a fresh one) with the CRM-owned properties patched in
// (gateway/carddav/README.md §3). Only fields whose CRM value differs from what the card maps to
// are written, into the very property they were read from, so groups (`item1.EMAIL` with its
// `item1.X-ABLabel`), parameters, X- properties, PHOTO and CATEGORIES are kept as written.
import { bdayValue, birthdayFromCrm } from './birthday.js';
import type { CardProp, ParsedCard, PropValue, VcardVersion } from './card.js';
import {
  ADDRESS_PARTS,
  ADR_INDEX,
  cardFields,
  type AddressField,
  type ContactField,
  type Source,
} from './contact-fields.js';
import { newProp, writeCard } from './write.js';

/** The CRM side: field → value ('' = empty); `organization` is the account's name. */
export type CrmContact = ReadonlyMap<ContactField, string>;

type Slot = CardProp | null;

const PHONE_TYPES: Record<string, Record<VcardVersion, string[]>> = {
  phone: { '3.0': ['WORK', 'VOICE'], '4.0': ['work', 'voice'] },
  mobile: { '3.0': ['CELL', 'VOICE'], '4.0': ['cell', 'voice'] },
  homephone: { '3.0': ['HOME', 'VOICE'], '4.0': ['home', 'voice'] },
  fax: { '3.0': ['WORK', 'FAX'], '4.0': ['work', 'fax'] },
  otherphone: { '3.0': ['VOICE'], '4.0': ['voice'] },
};

const TEXT_PROPS: ReadonlyArray<readonly [ContactField, string]> = [
  ['title', 'title'],
  ['description', 'note'],
  ['email', 'email'],
  ['secondaryemail', 'email'],
  ['phone', 'tel'],
  ['mobile', 'tel'],
  ['homephone', 'tel'],
  ['fax', 'tel'],
  ['otherphone', 'tel'],
];

function structured(p: CardProp | null, size: number): string[] {
  const v = p?.value;
  const out = Array.from({ length: size }, () => '');
  if (Array.isArray(v))
    v.forEach((c: string | readonly string[], i: number) => {
      if (i < size) out[i] = typeof c === 'string' ? c : c.join(',');
    });
  else if (typeof v === 'string') out[0] = v;
  return out;
}

class Patcher {
  readonly slots: Slot[];
  readonly added: CardProp[] = [];
  constructor(
    card: ParsedCard,
    readonly version: VcardVersion,
  ) {
    this.slots = [...card.props];
  }

  at(src: Source | undefined): CardProp | null {
    return src?.index === null || src === undefined ? null : (this.slots[src.index] ?? null);
  }

  /** Replaces the value of the source property (keeping its group and parameters) or adds one. */
  put(
    src: Source | undefined,
    name: string,
    value: PropValue,
    params: Record<string, string | string[]> = {},
    type = 'text',
  ): void {
    const old = this.at(src);
    if (old && src?.index !== null && src?.index !== undefined) {
      // A BDAY is rewritten whole: an old X-APPLE-OMIT-YEAR must not stay on a dated birthday.
      const bday = name === 'bday';
      this.slots[src.index] = {
        ...old,
        params: bday ? params : { ...old.params, ...params },
        type: bday ? type : old.type,
        value,
        raw: null,
      };
      return;
    }
    const existing = this.added.findIndex(
      (p) => p.name === name && ['n', 'fn', 'org'].includes(name),
    );
    if (existing >= 0) this.added.splice(existing, 1);
    this.added.push(newProp(name, value, params, type));
  }

  remove(src: Source | undefined): void {
    if (src?.index !== null && src?.index !== undefined) this.slots[src.index] = null;
  }

  props(): CardProp[] {
    return [...this.slots.filter((p): p is CardProp => p !== null), ...this.added];
  }
}

function patchName(pt: Patcher, fields: ReturnType<typeof cardFields>, crm: CrmContact): void {
  const first = crm.get('firstname') ?? '';
  const last = crm.get('lastname') ?? '';
  if (
    first === (fields.get('firstname')?.value ?? '') &&
    last === (fields.get('lastname')?.value ?? '')
  )
    return;
  const nProp = pt.slots.findIndex((p) => p?.name === 'n');
  const n = nProp >= 0 ? structured(pt.slots[nProp] ?? null, 5) : ['', '', '', '', ''];
  n[0] = last;
  n[1] = first;
  pt.put(nProp >= 0 ? { value: '', index: nProp } : undefined, 'n', n);
  const fnProp = pt.slots.findIndex((p) => p?.name === 'fn');
  pt.put(
    fnProp >= 0 ? { value: '', index: fnProp } : undefined,
    'fn',
    [first, last].filter((s) => s).join(' '),
  );
}

function patchOrg(pt: Patcher, fields: ReturnType<typeof cardFields>, crm: CrmContact): void {
  const org = crm.get('organization') ?? '';
  const dept = crm.get('department') ?? '';
  const src = fields.get('organization') ?? fields.get('department');
  if (
    org === (fields.get('organization')?.value ?? '') &&
    dept === (fields.get('department')?.value ?? '')
  )
    return;
  if (org === '' && dept === '') return pt.remove(src);
  const value = structured(pt.at(src), 2);
  value[0] = org;
  value[1] = dept;
  pt.put(src, 'org', dept === '' ? [org] : value);
}

function patchText(pt: Patcher, fields: ReturnType<typeof cardFields>, crm: CrmContact): void {
  for (const [field, name] of TEXT_PROPS) {
    const want = crm.get(field) ?? '';
    const src = fields.get(field);
    if (want === (src?.value ?? '')) continue;
    if (want === '') {
      pt.remove(src);
      continue;
    }
    const types = PHONE_TYPES[field]?.[pt.version];
    const emailType = pt.version === '3.0' ? ['INTERNET'] : [];
    const params: Record<string, string | string[]> = pt.at(src)
      ? {}
      : name === 'tel' && types
        ? { type: types }
        : name === 'email' && emailType.length > 0
          ? { type: emailType }
          : {};
    // ical.js's default value types, so no VALUE parameter is written (RFC 6350 §6.4.1 TEL).
    const type = name === 'tel' && pt.version === '3.0' ? 'phone-number' : 'text';
    pt.put(src, name, want, params, type);
  }
}

function patchBirthday(pt: Patcher, fields: ReturnType<typeof cardFields>, crm: CrmContact): void {
  const want = crm.get('birthday') ?? '';
  const src = fields.get('birthday');
  if (want === (src?.value ?? '')) return;
  const b = birthdayFromCrm(want);
  if (!b) {
    // A yearless BDAY maps to no CRM date: keep it; a dated one the CRM cleared goes.
    if (src?.value) pt.remove(src);
    return;
  }
  const { value, params } = bdayValue(b, pt.version);
  pt.put(src, 'bday', value, params, pt.version === '4.0' ? 'date-and-or-time' : 'date-time');
}

function patchAddress(
  pt: Patcher,
  fields: ReturnType<typeof cardFields>,
  crm: CrmContact,
  kind: 'mailing' | 'other',
): void {
  const key = (part: (typeof ADDRESS_PARTS)[number]): AddressField => `${kind}${part}`;
  const changed = ADDRESS_PARTS.some(
    (part) => (crm.get(key(part)) ?? '') !== (fields.get(key(part))?.value ?? ''),
  );
  if (!changed) return;
  const src = ADDRESS_PARTS.map((part) => fields.get(key(part))).find((s) => s !== undefined);
  if (ADDRESS_PARTS.every((part) => (crm.get(key(part)) ?? '') === '')) return pt.remove(src);
  const value = structured(pt.at(src), 7);
  for (const part of ADDRESS_PARTS) value[ADR_INDEX[part]] = crm.get(key(part)) ?? '';
  const type = kind === 'mailing' ? 'work' : 'home';
  pt.put(
    src,
    'adr',
    value,
    pt.at(src) ? {} : { type: pt.version === '3.0' ? type.toUpperCase() : type },
  );
}

/** The card with the CRM's values written over the properties they differ from. */
export function patchCard(card: ParsedCard, owned: CrmContact): string {
  const fields = cardFields(card);
  // Fields the CRM does not own here (no such Contacts field, or no account for ORG) keep the card's value.
  const crm = new Map(owned);
  for (const [f, src] of fields) if (!crm.has(f)) crm.set(f, src.value);
  const pt = new Patcher(card, card.version);
  patchName(pt, fields, crm);
  patchOrg(pt, fields, crm);
  patchText(pt, fields, crm);
  patchBirthday(pt, fields, crm);
  patchAddress(pt, fields, crm, 'mailing');
  patchAddress(pt, fields, crm, 'other');
  return writeCard(pt.props(), card.version);
}

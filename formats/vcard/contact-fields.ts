// vCard → CRM Contact (gateway/carddav/README.md §3 mapping table): each CRM field with the index
// of the card property it comes from, so a later CRM edit rewrites exactly that property
// (patch.ts) and a client's `itemN.` labels and parameters on it survive.
import { component, text, typesOf, type CardProp, type ParsedCard } from './card.js';
import { crmDate, parseBirthday } from './birthday.js';

/** A CRM field's value and the property (index in the card) it was read from. */
export interface Source {
  readonly value: string;
  readonly index: number | null;
}

export type ContactField =
  | 'firstname'
  | 'lastname'
  | 'organization'
  | 'department'
  | 'title'
  | 'email'
  | 'secondaryemail'
  | 'phone'
  | 'mobile'
  | 'homephone'
  | 'fax'
  | 'otherphone'
  | 'birthday'
  | 'description'
  | AddressField;

export const ADDRESS_PARTS = ['pobox', 'street', 'city', 'state', 'zip', 'country'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];
export type AddressField = `${'mailing' | 'other'}${AddressPart}`;
/** ADR components (RFC 6350 §6.3.1): PO box, extended, street, locality, region, code, country. */
export const ADR_INDEX: Record<AddressPart, number> = {
  pobox: 0,
  street: 2,
  city: 3,
  state: 4,
  zip: 5,
  country: 6,
};

export type CardFields = ReadonlyMap<ContactField, Source>;

interface Indexed {
  readonly p: CardProp;
  readonly i: number;
}

const isPref = (x: Indexed): boolean =>
  typesOf(x.p).includes('pref') || x.p.params['pref'] !== undefined;
/** Preferred first (RFC 6350 §5.3 PREF, vCard 3 TYPE=pref), else the card's order. */
const prefFirst = (list: Indexed[]): Indexed[] => [
  ...list.filter(isPref),
  ...list.filter((x) => !isPref(x)),
];

/** Phone kinds by TYPE (RFC 6350 §6.4.1): fax, cell, home, then work/voice/untyped as office. */
function phoneSlots(tels: Indexed[]): Map<ContactField, Indexed> {
  const out = new Map<ContactField, Indexed>();
  const rest: Indexed[] = [];
  for (const t of prefFirst(tels)) {
    const types = typesOf(t.p);
    const slot: ContactField = types.includes('fax')
      ? 'fax'
      : types.includes('cell')
        ? 'mobile'
        : types.includes('home')
          ? 'homephone'
          : 'phone';
    if (!out.has(slot)) out.set(slot, t);
    else rest.push(t);
  }
  const other = rest[0];
  if (other) out.set('otherphone', other);
  return out;
}

export function cardFields(card: ParsedCard): CardFields {
  const out = new Map<ContactField, Source>();
  const all: Indexed[] = card.props.map((p, i) => ({ p, i }));
  const named = (name: string): Indexed[] => all.filter((x) => x.p.name === name);
  const set = (f: ContactField, x: Indexed | undefined, value: string): void => {
    if (x) out.set(f, { value: value.trim(), index: x.i });
  };
  const n = named('n')[0];
  const fn = named('fn')[0];
  set('firstname', n, component(n?.p, 1));
  set('lastname', n, component(n?.p, 0));
  // A card with FN only (RFC 6350 §6.2.1 makes N optional in 4.0): FN is the CRM's last name.
  if (!n || component(n.p, 0).trim() === '') set('lastname', fn ?? n, text(fn?.p));
  const org = named('org')[0];
  set('organization', org, component(org?.p, 0));
  set('department', org, component(org?.p, 1));
  set('title', named('title')[0], text(named('title')[0]?.p));
  const emails = prefFirst(named('email'));
  set('email', emails[0], text(emails[0]?.p));
  set('secondaryemail', emails[1], text(emails[1]?.p));
  for (const [f, x] of phoneSlots(named('tel'))) set(f, x, text(x.p).replace(/^tel:/i, ''));
  const bday = named('bday')[0];
  set('birthday', bday, crmDate(parseBirthday(bday?.p)) ?? '');
  set('description', named('note')[0], text(named('note')[0]?.p));
  const adrs = prefFirst(named('adr'));
  const home = adrs.find((a) => typesOf(a.p).includes('home'));
  const mailing = adrs.find((a) => a !== home) ?? (adrs.length > 1 ? adrs[0] : home);
  const other = adrs.find((a) => a !== mailing);
  for (const part of ADDRESS_PARTS) {
    set(`mailing${part}`, mailing, component(mailing?.p, ADR_INDEX[part]));
    set(`other${part}`, other, component(other?.p, ADR_INDEX[part]));
  }
  return out;
}

/** The CRM values a card maps to (fields it does not carry are empty). */
export function crmValuesOf(
  fields: CardFields,
  names: readonly ContactField[],
): Map<ContactField, string> {
  return new Map(names.map((f) => [f, fields.get(f)?.value ?? '']));
}

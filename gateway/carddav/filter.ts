// The addressbook-query filter (RFC 6352 §10.5): prop-filter, param-filter, is-not-defined and
// text-match with the collations of §8.3 (i;unicode-casemap, the default, RFC 5051; i;ascii-casemap
// and i;octet, RFC 4790 §9), match-type equals/contains/starts-with/ends-with, negate-condition,
// and the anyof/allof `test` of filter and prop-filter. Evaluation follows the RFC's wording
// (§10.5.1: a prop-filter matches when a property of that name passes its tests).
import { GatewayError } from '../../store/errors.js';
import { CARDDAV_NS, typesOf, type CardProp, type ParsedCard } from '../../formats/vcard/card.js';
import { children, type XmlElement } from '../../formats/webdav/parse-xml.js';

type Collation = 'i;unicode-casemap' | 'i;ascii-casemap' | 'i;octet';
type MatchType = 'equals' | 'contains' | 'starts-with' | 'ends-with';
type Test = 'anyof' | 'allof';

export interface TextMatch {
  readonly text: string;
  readonly collation: Collation;
  readonly matchType: MatchType;
  readonly negate: boolean;
}

export interface ParamFilter {
  readonly name: string;
  readonly notDefined: boolean;
  readonly match: TextMatch | null;
}

export interface PropFilter {
  readonly name: string;
  readonly test: Test;
  readonly notDefined: boolean;
  readonly matches: readonly TextMatch[];
  readonly params: readonly ParamFilter[];
}

export interface CardFilter {
  readonly test: Test;
  readonly props: readonly PropFilter[];
}

const refuse = (name: string, message: string): GatewayError =>
  new GatewayError('forbidden', message, { dav: { precondition: { ns: CARDDAV_NS, name } } });

function testOf(el: XmlElement): Test {
  const t = el.attrs['test'] ?? 'anyof';
  if (t !== 'anyof' && t !== 'allof') throw refuse('supported-filter', `Bad test="${t}"`);
  return t;
}

function textMatch(el: XmlElement): TextMatch {
  const collation = el.attrs['collation'] ?? 'i;unicode-casemap';
  if (
    collation !== 'i;unicode-casemap' &&
    collation !== 'i;ascii-casemap' &&
    collation !== 'i;octet'
  )
    throw refuse('supported-collation', `Collation ${collation} is not supported`);
  const matchType = el.attrs['match-type'] ?? 'contains';
  if (!['equals', 'contains', 'starts-with', 'ends-with'].includes(matchType))
    throw refuse('supported-filter', `match-type ${matchType} is not supported`);
  return {
    text: el.text,
    collation,
    matchType: matchType as MatchType,
    negate: el.attrs['negate-condition'] === 'yes',
  };
}

const one = (el: XmlElement, name: string): XmlElement | undefined =>
  children(el, CARDDAV_NS, name)[0];

function nameOf(el: XmlElement): string {
  const name = el.attrs['name']?.trim().toLowerCase();
  if (!name) throw refuse('supported-filter', `${el.name} needs a name`);
  return name;
}

export function parseFilter(root: XmlElement): CardFilter {
  const filter = one(root, 'filter');
  if (!filter) return { test: 'anyof', props: [] };
  return {
    test: testOf(filter),
    props: children(filter, CARDDAV_NS, 'prop-filter').map((pf) => ({
      name: nameOf(pf),
      test: testOf(pf),
      notDefined: one(pf, 'is-not-defined') !== undefined,
      matches: children(pf, CARDDAV_NS, 'text-match').map(textMatch),
      params: children(pf, CARDDAV_NS, 'param-filter').map((f) => {
        const tm = one(f, 'text-match');
        return {
          name: nameOf(f),
          notDefined: one(f, 'is-not-defined') !== undefined,
          match: tm ? textMatch(tm) : null,
        };
      }),
    })),
  };
}

function fold(s: string, c: Collation): string {
  if (c === 'i;octet') return s;
  if (c === 'i;ascii-casemap') return s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  // RFC 5051 §2: titlecase and NFKD; lower-casing after upper-casing gives the same classes for
  // the scripts address books hold.
  return s.toUpperCase().toLowerCase().normalize('NFKD');
}

export function matches(value: string, m: TextMatch): boolean {
  const v = fold(value, m.collation);
  const t = fold(m.text, m.collation);
  const hit =
    m.matchType === 'equals'
      ? v === t
      : m.matchType === 'starts-with'
        ? v.startsWith(t)
        : m.matchType === 'ends-with'
          ? v.endsWith(t)
          : v.includes(t);
  return hit !== m.negate;
}

function valueText(p: CardProp): string {
  if (typeof p.value === 'string') return p.value;
  return p.value.map((c) => (typeof c === 'string' ? c : c.join(','))).join(';');
}

function paramValues(p: CardProp, name: string): string[] | null {
  if (name === 'type') return p.params['type'] === undefined ? null : typesOf(p);
  const v = p.params[name];
  return v === undefined ? null : typeof v === 'string' ? [v] : [...v];
}

function paramPasses(p: CardProp, f: ParamFilter): boolean {
  const values = paramValues(p, f.name);
  if (f.notDefined) return values === null;
  if (values === null) return false;
  return f.match === null || values.some((v) => matches(v, f.match as TextMatch));
}

function propPasses(props: readonly CardProp[], f: PropFilter): boolean {
  if (f.notDefined) return props.length === 0;
  if (props.length === 0) return false;
  const tests = [
    ...f.matches.map((m) => props.some((p) => matches(valueText(p), m))),
    ...f.params.map((pf) => props.some((p) => paramPasses(p, pf))),
  ];
  if (tests.length === 0) return true;
  return f.test === 'allof' ? tests.every(Boolean) : tests.some(Boolean);
}

export function cardPasses(card: ParsedCard, filter: CardFilter): boolean {
  if (filter.props.length === 0) return true;
  const results = filter.props.map((f) =>
    propPasses(
      card.props.filter((p) => p.name === f.name),
      f,
    ),
  );
  return filter.test === 'allof' ? results.every(Boolean) : results.some(Boolean);
}

/** Contacts columns holding what a property carries, for the SQL pre-filter (report-query.ts). */
const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  email: ['m.email', 'm.secondaryemail'],
  fn: ['m.firstname', 'm.lastname'],
  n: ['m.firstname', 'm.lastname'],
  tel: ['m.phone', 'm.mobile', 'm.homephone', 'm.fax', 'm.otherphone'],
};

/**
 * A necessary condition every matching card meets, as a substring of some columns or of the card's
 * text: a positive text-match on one of COLUMNS' properties that the whole filter requires. Only
 * for printable ASCII without vCard escapes (RFC 6350 §3.4) or LIKE wildcards, so the unfolded
 * stored text contains the needle whenever the value does.
 */
export function prefilterOf(
  filter: CardFilter,
): { columns: readonly string[]; needle: string } | null {
  if (filter.props.length !== 1 && filter.test !== 'allof') return null;
  for (const pf of filter.props) {
    const columns = COLUMNS[pf.name];
    if (!columns || pf.notDefined) continue;
    const required = pf.matches.length + pf.params.length === 1 || pf.test === 'allof';
    const tm = pf.matches.find((m) => !m.negate && m.collation !== 'i;octet');
    if (required && tm && /^[\x20-\x7e]+$/.test(tm.text) && !/[,;\\%_]/.test(tm.text))
      return { columns, needle: tm.text.toLowerCase() };
  }
  return null;
}

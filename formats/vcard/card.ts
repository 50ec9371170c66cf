// One vCard (RFC 6350 for 4.0, RFC 2426 for 3.0) as parsed by ical.js, with each property's raw
// content line kept next to its parsed value: properties the CRM does not change are written back
// byte for byte (itemN. groups, X- properties, a client's own folding), only changed ones are
// rewritten (gateway/carddav/README.md §3). Broken input is a CardDAV valid-address-data
// precondition failure (RFC 6352 §6.3.2.1).
import ICAL from 'ical.js';
import { GatewayError } from '../../store/errors.js';
import { CARDDAV_NS } from '../webdav/namespaces.js';

export { CARDDAV_NS };

export type VcardVersion = '3.0' | '4.0';
export type ParamValue = string | readonly string[];
/** A structured value (N, ADR) is a list of components, each a text or a list of texts. */
export type PropValue = string | ReadonlyArray<string | readonly string[]>;

export interface CardProp {
  /** Lower-case property name without its group. */
  readonly name: string;
  readonly group: string | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The ical.js value type (text, uri, date, binary, ...). */
  readonly type: string;
  readonly value: PropValue;
  /** The content line as the client wrote it, folded; null for a property we generate. */
  readonly raw: string | null;
}

export interface ParsedCard {
  readonly version: VcardVersion;
  readonly uid: string;
  readonly props: readonly CardProp[];
}

export function invalidCard(message: string): GatewayError {
  return new GatewayError('forbidden', message, {
    dav: { precondition: { ns: CARDDAV_NS, name: 'valid-address-data' } },
  });
}

/** The card's content lines between BEGIN and END, continuation lines kept with their line. */
function rawLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length > 0) out[out.length - 1] += `\r\n${line}`;
    else if (line !== '') out.push(line);
  }
  return out.slice(1, -1);
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') return String(v.toString());
  return String(v ?? '');
}

function valueOf(values: readonly unknown[]): PropValue {
  const first = values[0];
  if (Array.isArray(first) && values.length === 1)
    return first.map((c: unknown) => (Array.isArray(c) ? c.map(textOf) : textOf(c)));
  if (values.length > 1) return values.map(textOf);
  return textOf(first);
}

function paramsOf(raw: unknown): { group: string | null; params: Record<string, ParamValue> } {
  const params: Record<string, ParamValue> = {};
  let group: string | null = null;
  if (raw !== null && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) {
      if (k === 'group') group = typeof v === 'string' ? v : null;
      else if (typeof v === 'string') params[k] = v;
      else if (Array.isArray(v)) params[k] = v.map(textOf);
    }
  }
  return { group, params };
}

function toProp(jprop: unknown, raw: string | null): CardProp {
  if (!Array.isArray(jprop) || typeof jprop[0] !== 'string' || typeof jprop[2] !== 'string')
    throw invalidCard('A vCard property could not be read');
  const { group, params } = paramsOf(jprop[1]);
  return { name: jprop[0], group, params, type: jprop[2], value: valueOf(jprop.slice(3)), raw };
}

/** Parses exactly one vCard 3.0 or 4.0 with a UID and a name (RFC 6352 §5.1, RFC 6350 §6.2.1). */
export function parseCard(text: string): ParsedCard {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (err) {
    throw invalidCard(`Not a vCard: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(parsed) || parsed[0] !== 'vcard' || !Array.isArray(parsed[1]))
    throw invalidCard('The body must be exactly one vCard');
  if (!/^BEGIN:VCARD\r?\n/i.test(text.trimStart()) || !/\r?\nEND:VCARD\s*$/i.test(text))
    throw invalidCard('The body must be exactly one vCard');
  const jprops: unknown[] = parsed[1];
  const lines = rawLines(text.trim());
  if (lines.length !== jprops.length) throw invalidCard('The body must be exactly one vCard');
  const props = jprops.map((p, i) => toProp(p, lines[i] ?? null));
  const version = props.find((p) => p.name === 'version')?.value;
  if (version !== '3.0' && version !== '4.0')
    throw invalidCard('Only vCard 3.0 and 4.0 are supported (VERSION)');
  const uid = props.find((p) => p.name === 'uid')?.value;
  if (typeof uid !== 'string' || uid.trim() === '') throw invalidCard('The vCard has no UID');
  if (!props.some((p) => p.name === 'fn' || p.name === 'n'))
    throw invalidCard('The vCard has neither FN nor N');
  return { version, uid: uid.trim(), props };
}

/** The TYPE parameter values, lower-case (3.0 `TYPE=CELL,VOICE`, 4.0 `TYPE=cell`). */
export function typesOf(p: CardProp): string[] {
  const t = p.params['type'];
  const list = t === undefined ? [] : typeof t === 'string' ? t.split(',') : [...t];
  return list.map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
}

/** A text value; for a structured one its first component. */
export function text(p: CardProp | undefined): string {
  if (!p) return '';
  if (typeof p.value === 'string') return p.value;
  const first = p.value[0];
  return typeof first === 'string' ? first : (first ?? []).join(',');
}

/** Component `i` of a structured value (N, ADR, ORG) as one text. */
export function component(p: CardProp | undefined, i: number): string {
  if (!p || typeof p.value === 'string') return i === 0 ? text(p) : '';
  const c = p.value[i];
  return typeof c === 'string' ? c : (c ?? []).join(',');
}

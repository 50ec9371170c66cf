// Writing vCard properties with ical.js (RFC 6350 §3.3 content lines, RFC 2426 for 3.0): a
// property read from a client's card keeps its raw line; a changed or new one is stringified by
// ical.js with the design set of the card's version. A 4.0 `uri` value (a PHOTO data: URI) goes
// through the 3.0 design set, which writes URIs unescaped (ical.js's 4.0 set escapes the comma
// of `data:image/jpeg;base64,` as if it were text) and marks it VALUE=URI, valid in both.
import ICAL from 'ical.js';
import type { CardProp, ParamValue, VcardVersion } from './card.js';

const designOf = (
  version: VcardVersion,
  type: string,
): ReturnType<typeof ICAL.design.getDesignSet> =>
  ICAL.design.getDesignSet(version === '4.0' && type !== 'uri' ? 'vcard' : 'vcard3');

export function propLine(p: CardProp, version: VcardVersion): string {
  if (p.raw !== null) return p.raw;
  const params: Record<string, ParamValue> = { ...p.params };
  if (p.group !== null) params['group'] = p.group;
  const values =
    typeof p.value === 'string' ? [p.value] : p.name === 'categories' ? [...p.value] : [p.value];
  const line: string = ICAL.stringify.property(
    [p.name, params, p.type, ...values],
    designOf(version, p.type),
    false,
  );
  // ical.js upper-cases the group; the client's spelling is kept (RFC 6350 §3.3 group names).
  return p.group === null ? line : line.replace(/^[^.]+\./, `${p.group}.`);
}

export function writeCard(props: readonly CardProp[], version: VcardVersion): string {
  return ['BEGIN:VCARD', ...props.map((p) => propLine(p, version)), 'END:VCARD', ''].join('\r\n');
}

/** A property we generate (no raw line). */
export function newProp(
  name: string,
  value: CardProp['value'],
  params: Record<string, ParamValue> = {},
  type = 'text',
): CardProp {
  return { name, group: null, params, type, value, raw: null };
}

// Serving one card as vCard 3.0 or 4.0 (RFC 6352 §6.3.2 supported-address-data, §10.4
// address-data version): the properties whose syntax differs between RFC 2426 and RFC 6350 are
// rewritten, every other line is kept as written. VERSION comes first (RFC 6350 §6.7.9);
// a yearless BDAY is `--MMDD` in 4.0 and Apple's X-APPLE-OMIT-YEAR in 3.0 (birthday.ts); PHOTO is
// a data: URI in 4.0 (RFC 6350 §6.2.4) and inline base64 with ENCODING=b in 3.0 (RFC 2426 §3.1.4);
// KIND (RFC 6350 §6.1.4) has no 3.0 property: Apple's X-ADDRESSBOOKSERVER-KIND carries it, as
// CardDAV servers converting between versions do (SabreDAV's VCardConverter).
import { bdayValue, parseBirthday } from './birthday.js';
import { text, type CardProp, type ParsedCard, type VcardVersion } from './card.js';
import { newProp, writeCard } from './write.js';

const KIND_3 = 'x-addressbookserver-kind';

function photoTo(p: CardProp, target: VcardVersion): CardProp {
  const value = text(p);
  if (target === '4.0') {
    if (p.type !== 'binary' && !p.params['encoding']) return p;
    const t = p.params['type'];
    const sub = (typeof t === 'string' ? t : (t?.[0] ?? 'jpeg'))
      .toLowerCase()
      .replace(/^image\//, '');
    return newProp('photo', `data:image/${sub};base64,${value.replace(/\s/g, '')}`, {}, 'uri');
  }
  const m = /^data:image\/([\w.+-]+);base64,(.*)$/is.exec(value);
  if (!m) return p;
  return newProp(
    'photo',
    m[2] ?? '',
    { encoding: 'b', type: (m[1] ?? 'jpeg').toUpperCase() },
    'binary',
  );
}

function propTo(p: CardProp, target: VcardVersion): CardProp {
  switch (p.name) {
    case 'version':
      return newProp('version', target);
    case 'bday': {
      const b = parseBirthday(p);
      if (!b) return p;
      const { value, params } = bdayValue(b, target);
      return newProp('bday', value, params, target === '4.0' ? 'date-and-or-time' : 'date-time');
    }
    case 'photo':
      return photoTo(p, target);
    case 'kind':
      return target === '3.0'
        ? { ...newProp(KIND_3, text(p).toLowerCase(), {}, 'unknown'), group: p.group }
        : p;
    case KIND_3:
      return target === '4.0' ? newProp('kind', text(p).toLowerCase()) : p;
    default:
      return p;
  }
}

/** The card in the asked version; the same text when it already is. */
export function cardAs(card: ParsedCard, text: string, target: VcardVersion): string {
  if (card.version === target) return text;
  const props = card.props.map((p) => propTo(p, target));
  const version = props.filter((p) => p.name === 'version');
  return writeCard([...version, ...props.filter((p) => p.name !== 'version')], target);
}

/** Decoded bytes of the card's PHOTO values (inline base64 or a data: URI). */
export function photoBytes(card: ParsedCard): number {
  let total = 0;
  for (const p of card.props) {
    if (p.name !== 'photo') continue;
    const v = text(p);
    const data =
      /^data:[^,]*;base64,(.*)$/is.exec(v)?.[1] ??
      (p.type === 'binary' || p.params['encoding'] ? v : '');
    total += Math.floor((data.replace(/[\s=]/g, '').length * 3) / 4);
  }
  return total;
}

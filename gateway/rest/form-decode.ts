// Query strings and x-www-form-urlencoded bodies as PHP reads them into $_GET/$_POST
// (webservices.md §1), decoded leniently (§7): JavaScript clients that build URLs with escape()
// send %uXXXX and Latin-1 %XX, which a strict UTF-8 decoder would mangle. `+` is a space, a
// `%` that starts no escape stays as it is, a repeated key keeps its last value (PHP).
const SEQUENCE = /%u([0-9a-fA-F]{4})|(?:%[0-9a-fA-F]{2})+/g;

function decodeBytes(run: string): string {
  const bytes = Uint8Array.from(run.slice(1).split('%'), (hex) => parseInt(hex, 16));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: escape() encodes U+0080..U+00FF as one Latin-1 byte.
    return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  }
}

export function decodeComponent(text: string): string {
  return text.replace(/\+/g, ' ').replace(SEQUENCE, (run: string, unit: string | undefined) => (unit ? String.fromCharCode(parseInt(unit, 16)) : decodeBytes(run)));
}

const MAX_PAIRS = 1000;

export function parseUrlEncoded(raw: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let pairs = 0;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    // PHP's max_input_vars: a flood of fields is cut off rather than parsed.
    if (++pairs > MAX_PAIRS) break;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    out[key] = eq < 0 ? '' : decodeComponent(part.slice(eq + 1));
  }
  return out;
}

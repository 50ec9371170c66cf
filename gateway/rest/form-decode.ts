// Query strings and x-www-form-urlencoded bodies as PHP reads them into $_GET/$_POST
// (gateway/rest/README.md §1), decoded leniently (§7): JavaScript clients that build URLs with
// escape() send %uXXXX and Latin-1 %XX, which a strict UTF-8 decoder would mangle. `+` is a space,
// a `%` that starts no escape stays as it is, a repeated key keeps its last value (PHP).
import { decodeEscapes } from './vtql/decode-lenient.js';

export function decodeComponent(text: string): string {
  return decodeEscapes(text.replace(/\+/g, ' '));
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

// Some JavaScript vtiger clients pass the query through escape() (gateway/rest/README.md §7), so it
// arrives with %XX (Latin-1) and %uXXXX sequences. A plain query can hold % too (LIKE
// '%abc%'), so only text that looks encoded is decoded: every % starts a valid escape, and
// either a %uXXXX escape is present or the text has no raw whitespace, which escape() and
// encodeURIComponent() never leave and a real query always has (between FROM and the module).
const ESCAPE = /%u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2}/g;
const PERCENT_UNICODE = /%u[0-9a-fA-F]{4}/;
// One pass, so that a decoded '%' is never decoded again.
const SEQUENCE = /%u([0-9a-fA-F]{4})|(?:%[0-9a-fA-F]{2})+/g;

function looksEncoded(text: string): boolean {
  const percents = text.split('%').length - 1;
  if (percents === 0) return false;
  const escapes = text.match(ESCAPE)?.length ?? 0;
  if (escapes !== percents) return false;
  return PERCENT_UNICODE.test(text) || !/\s/.test(text);
}

/** %XX runs: UTF-8 when they form valid UTF-8 (encodeURIComponent), else Latin-1 (escape()). */
function decodeBytes(run: string): string {
  const bytes = Uint8Array.from(run.slice(1).split('%'), (hex) => parseInt(hex, 16));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  }
}

/** Decodes every %uXXXX and %XX run once; a `%` that starts no escape stays as it is. */
export function decodeEscapes(text: string): string {
  return text.replace(SEQUENCE, (run: string, unit: string | undefined) =>
    unit ? String.fromCharCode(parseInt(unit, 16)) : decodeBytes(run),
  );
}

export function decodeLenient(text: string): string {
  return looksEncoded(text) ? decodeEscapes(text) : text;
}

// Bytes to text for feed parsers, which take strings only (adapters/rss/README.md §5.2
// "Encoding"): the BOM first, then the Content-Type charset (RFC 7303 §3.2 gives it precedence
// over the XML declaration), then the XML declaration's encoding, then UTF-8. Node 20's full-ICU
// TextDecoder knows windows-1251/1252, iso-8859-x, koi8-r, shift_jis, gb18030 and euc-kr.

import { TextDecoder } from 'node:util';

const PROLOG_ENCODING = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/;

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

export function charsetOf(contentType: string | null): string | null {
  const match = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]{1,40})"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

function prologEncoding(bytes: Uint8Array): string | null {
  // The declaration is ASCII in every encoding a feed may declare (UTF-16 has a BOM).
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  return PROLOG_ENCODING.exec(head)?.[1]?.toLowerCase() ?? null;
}

function decoder(label: string | null): TextDecoder | null {
  if (label === null) return null;
  try {
    return new TextDecoder(label, { fatal: false });
  } catch {
    return null; // an unknown label falls through to the next source
  }
}

function looksLikeJson(bytes: Uint8Array, contentType: string | null): boolean {
  if (/json/i.test(contentType ?? '')) return true;
  for (const byte of bytes.subarray(0, 64)) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b; // '{'
  }
  return false;
}

/** The document as text; the encoding that was used is returned for diagnostics. */
export function decodeDocument(
  bytes: Uint8Array,
  contentType: string | null,
): { text: string; encoding: string } {
  const bom = bomEncoding(bytes);
  // JSON Feed is UTF-8 by definition (RFC 8259 §8.1), whatever a server labels it.
  const candidates =
    bom !== null
      ? [bom]
      : looksLikeJson(bytes, contentType)
        ? ['utf-8']
        : [charsetOf(contentType), prologEncoding(bytes), 'utf-8'];
  for (const label of candidates) {
    const found = decoder(label);
    if (found) return { text: found.decode(bytes), encoding: found.encoding };
  }
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
}

// The attachment allow-list (gateway/webforms/README.md §4.2 "Files": a MIME/extension
// allowlist). The stored type comes from the extension, never from the visitor's Content-Type,
// and the first bytes must look like that type, so a script renamed to .pdf is refused.
import path from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
};

const startsWith = (buf: Buffer, text: string, at = 0): boolean =>
  buf.subarray(at, at + text.length).equals(Buffer.from(text, 'latin1'));

const SNIFF: Readonly<Record<string, (buf: Buffer) => boolean>> = {
  pdf: (b) => startsWith(b, '%PDF-'),
  png: (b) => startsWith(b, '\x89PNG\r\n\x1a\n'),
  jpg: (b) => startsWith(b, '\xff\xd8\xff'),
  jpeg: (b) => startsWith(b, '\xff\xd8\xff'),
  gif: (b) => startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a'),
  webp: (b) => startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8),
  txt: (b) => !b.subarray(0, 4096).includes(0),
  csv: (b) => !b.subarray(0, 4096).includes(0),
  docx: (b) => startsWith(b, 'PK\x03\x04'),
  xlsx: (b) => startsWith(b, 'PK\x03\x04'),
  odt: (b) => startsWith(b, 'PK\x03\x04'),
};

/** A display-safe file name: the last path segment, no control characters, at most 200 chars. */
export function safeFileName(name: string): string {
  const base = path.posix
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  return (base || 'attachment').slice(-200);
}

export function extensionOf(name: string): string {
  const ext = path.extname(name).slice(1).toLowerCase();
  return ext;
}

/** The MIME type to store, or an error message for the visitor. */
export function checkFile(
  name: string,
  head: Buffer,
  allowed: readonly string[],
): { mime: string } | { error: string } {
  const ext = extensionOf(name);
  const mime = MIME[ext];
  if (!mime || !allowed.includes(ext)) {
    const list = allowed.filter((e) => MIME[e]).join(', ');
    return { error: `${name}: this type of file is not accepted (allowed: ${list})` };
  }
  const sniff = SNIFF[ext];
  if (sniff && !sniff(head)) return { error: `${name}: the content is not a valid .${ext} file` };
  return { mime };
}

/** The `accept` attribute of the file input. */
export function acceptAttribute(allowed: readonly string[]): string {
  return allowed
    .filter((e) => MIME[e])
    .map((e) => `.${e}`)
    .join(',');
}

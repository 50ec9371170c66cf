// Content-Encoding (RFC 9110 §8.4) for callers that ask for it (`decompress: true`): gzip,
// deflate and br are undone with node:zlib before the size cap, so the cap counts the bytes
// the caller will hold, and a small compressed body that inflates to gigabytes (a zip bomb)
// is cut off at the cap instead of filling memory.
import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import { OutboundError } from './errors.js';

export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The decoder for the response's Content-Encoding; null for identity or none. */
export function decoderFor(headers: IncomingHttpHeaders, host: string): Transform | null {
  const raw = headers['content-encoding'];
  const coding = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).trim().toLowerCase();
  if (coding === '' || coding === 'identity') return null;
  // Only one coding is ever sent in practice; a stack of them is refused rather than guessed at.
  if (coding.includes(',')) throw unsupported(host, coding);
  if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip();
  // "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2); inflate with zlib headers.
  if (coding === 'deflate') return zlib.createInflate();
  if (coding === 'br') return zlib.createBrotliDecompress();
  throw unsupported(host, coding);
}

function unsupported(host: string, coding: string): OutboundError {
  return new OutboundError(
    'bad_encoding',
    `response from ${host} uses an unsupported content encoding "${coding}"`,
  );
}

/** A decoder failure (truncated or corrupt data) as a typed error naming the host. */
export function decodeError(err: unknown, host: string): OutboundError {
  if (err instanceof OutboundError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new OutboundError(
    'bad_encoding',
    `response from ${host} could not be decompressed: ${detail}`,
    undefined,
    { cause: err },
  );
}

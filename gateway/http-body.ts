// Reading request bodies with a hard size cap, from the Node request stream. Protocol edges
// read bodies themselves (forms, JSON, XML streams) so that each applies its own limit; an
// oversized body is refused with too_large before it is buffered whole.
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../store/errors.js';

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new GatewayError(
      'too_large',
      `Request body of ${declared} bytes exceeds the limit of ${limit} bytes`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > limit) {
      req.resume();
      throw new GatewayError('too_large', `Request body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** application/x-www-form-urlencoded into a plain map (last value of a repeated key wins). */
export function parseForm(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = v;
  return out;
}

export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new GatewayError('invalid_input', `Body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new GatewayError('invalid_input', 'Body must be a JSON object');
  return parsed as Record<string, unknown>;
}

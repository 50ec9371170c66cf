// POST bodies of both webservice edges, read with the gateway's size cap (http-body.ts):
// x-www-form-urlencoded (vtiger clients, decoded leniently), multipart/form-data (clients that
// post a FormData), and JSON objects (vtenext, §6). Other types carry no parameters, as in PHP.
import type { ParameterizedContext } from 'koa';
import { parseJsonObject, readBody } from '../../http-body.js';
import { GatewayError } from '../../../store/errors.js';
import { parseUrlEncoded } from '../form-decode.js';

export type BodyParams = Readonly<Record<string, unknown>>;

async function multipart(body: Buffer, contentType: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  try {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form.entries()) if (typeof value === 'string') out[key] = value;
  } catch (err) {
    throw new GatewayError('invalid_input', `Malformed multipart body: ${(err as Error).message}`);
  }
  return out;
}

export async function readBodyParams(
  ctx: ParameterizedContext,
  limit: number,
): Promise<BodyParams> {
  if (ctx.method !== 'POST') return {};
  const body = await readBody(ctx.req, limit);
  if (body.length === 0) return {};
  const type = (ctx.get('content-type') || '').toLowerCase();
  if (type.startsWith('application/json')) return parseJsonObject(body);
  if (type.startsWith('multipart/form-data')) return multipart(body, ctx.get('content-type'));
  if (type === '' || type.startsWith('application/x-www-form-urlencoded'))
    return parseUrlEncoded(body.toString('utf8'));
  return {};
}

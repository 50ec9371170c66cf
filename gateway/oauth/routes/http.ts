// Reading OAuth endpoint requests into plain values and writing plain responses back, with the
// RFC 6749 §5.2 error rendering. Secrets, codes and tokens are never logged: only internal
// errors are, and their objects carry no request parameters.
import type { ParameterizedContext } from 'koa';
import { GatewayError } from '../../../store/errors.js';
import { selfOrigin } from '../../middleware/self-origin.js';
import { readBody } from '../../http-body.js';
import type { EndpointRequest, EndpointResponse } from '../endpoint.js';
import { oauthError, renderOAuthError } from '../errors.js';
import type { InternalErrorLog } from '../../middleware/request-context.js';

const BODY_LIMIT = 64 * 1024;

export async function endpointRequest(ctx: ParameterizedContext): Promise<EndpointRequest> {
  let raw: Buffer;
  try {
    raw = await readBody(ctx.req, BODY_LIMIT);
  } catch (err) {
    if (err instanceof GatewayError && err.kind === 'too_large')
      throw oauthError('invalid_request', err.message, { status: 413 });
    throw err;
  }
  const params = new URLSearchParams(raw.toString('utf8'));
  const body: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [name, value] of params) {
    if (name in body) repeated.add(name);
    body[name] = value;
  }
  return {
    origin: selfOrigin(ctx),
    ip: ctx.ip || null,
    authorization: ctx.get('authorization'),
    contentType: ctx.get('content-type'),
    body,
    bodyBytes: raw.length,
    repeated: [...repeated],
  };
}

export function send(ctx: ParameterizedContext, response: EndpointResponse): void {
  ctx.set({ ...response.headers });
  if (typeof response.body === 'string') {
    ctx.body = response.body;
    ctx.type = 'text/plain';
  } else {
    ctx.body = response.body;
  }
  ctx.status = response.status;
}

export function sendError(
  ctx: ParameterizedContext,
  err: unknown,
  onInternal: InternalErrorLog,
): void {
  const rendered = renderOAuthError(err, /^\s*basic\s/i.test(ctx.get('authorization')));
  if (rendered.internal) onInternal(err, ctx.state.log);
  ctx.set({ ...rendered.headers });
  ctx.body = rendered.body;
  ctx.status = rendered.status;
}

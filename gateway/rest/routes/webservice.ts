// /webservice.php (gateway/rest/README.md §1–§2): one endpoint, `operation` and `sessionName` from
// the query string or the body ($_REQUEST), the other parameters only from the query string of a
// GET operation or only from the body of a POST operation (OperationManager). Every answer is HTTP
// 200 with vtiger's JSON envelope — unknown operations, oversized or malformed bodies and internal
// errors included (vtiger emits a PHP fatal error for some; §8 "Empty replies").
import type { Middleware, ParameterizedContext } from 'koa';
import type { RestDeps } from '../deps.js';
import { parseUrlEncoded } from '../form-decode.js';
import { VTIGER_OPERATIONS } from '../operation-table.js';
import { text } from '../params.js';
import { MESSAGES, toWsError, wsError } from '../ws-errors.js';
import { sessionCaller } from '../ws-session.js';
import { readBodyParams } from './request-body.js';
import type { InternalErrorLog, RequestState } from '../../middleware/request-context.js';

async function handle(ctx: ParameterizedContext<RequestState>, deps: RestDeps): Promise<unknown> {
  const query = parseUrlEncoded(ctx.querystring);
  const body = await readBodyParams(ctx, deps.limits.bodyLimitBytes);
  const request = { ...query, ...body };
  const operation = VTIGER_OPERATIONS.get(text(request, 'operation').trim().toLowerCase());
  if (!operation) throw wsError('UNKNOWN_OPERATION', MESSAGES.unknownOperation);
  const sessionName = text(request, 'sessionName').trim();
  const hasSession = sessionName !== '' && sessionName.toLowerCase() !== 'null';
  if (!operation.preLogin && !hasSession)
    throw wsError('AUTHENTICATION_REQUIRED', MESSAGES.authRequired);
  const caller = operation.preLogin ? null : await sessionCaller(deps, sessionName);
  return operation.run({
    deps,
    caller,
    dialect: 'vtiger',
    httpMethod: ctx.method,
    ip: ctx.ip || null,
    log: ctx.state.log,
    params: operation.method === 'GET' ? query : body,
  });
}

export function webserviceRoute(deps: RestDeps, onInternal: InternalErrorLog): Middleware {
  return async (ctx) => {
    let envelope: unknown;
    try {
      envelope = { success: true, result: await handle(ctx, deps) };
    } catch (err) {
      const error = toWsError(err);
      if (error.internal) onInternal(err, ctx.state.log);
      envelope = { success: false, error: { code: error.code, message: error.message } };
    }
    ctx.status = 200;
    // vtiger: Content-Type application/json without a charset (§1).
    ctx.set('Content-Type', 'application/json');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = JSON.stringify(envelope);
  };
}

// POST /oauth2/token (RFC 6749 §3.2), /oauth2/revoke (RFC 7009 §2), /oauth2/introspect
// (RFC 7662 §2): one koa handler shape around each plain core.
import type { Middleware } from 'koa';
import type { OAuthDeps } from '../deps.js';
import type { EndpointRequest, EndpointResponse } from '../endpoint.js';
import { endpointRequest, send, sendError } from './http.js';
import type { InternalErrorLog } from '../../middleware/request-context.js';

export type EndpointCore = (deps: OAuthDeps, req: EndpointRequest) => Promise<EndpointResponse>;

export function clientEndpointRoute(
  deps: OAuthDeps,
  core: EndpointCore,
  onInternal: InternalErrorLog,
): Middleware {
  return async (ctx) => {
    try {
      send(ctx, await core(deps, await endpointRequest(ctx)));
    } catch (err) {
      sendError(ctx, err, onInternal);
    }
  };
}

// GET /.well-known/oauth-authorization-server (RFC 8414 §3): the metadata document, built for
// the issuer of this request; 404 while OAuth2 is switched off.
import type { Middleware } from 'koa';
import { selfOrigin } from '../../middleware/self-origin.js';
import { endpointsFor, type OAuthDeps } from '../deps.js';
import { metadataDocument } from '../metadata.js';

export function metadataRoute(deps: OAuthDeps): Middleware {
  return async (ctx) => {
    if (!(await deps.access.settings()).enabled) {
      ctx.status = 404;
      ctx.body = { error: 'not_found', message: 'OAuth2 is switched off on this gateway' };
      return;
    }
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.body = metadataDocument(endpointsFor(deps.options, selfOrigin(ctx)));
  };
}

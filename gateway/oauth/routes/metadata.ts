// GET /.well-known/oauth-authorization-server (RFC 8414 §3): the metadata document, built for
// the configured issuer (or, without one, a loopback request's own origin: issuer-host.ts);
// 404 while OAuth2 is switched off. Never cached by shared caches: the document depends on the
// gateway's settings, which an administrator may change whenever they like.
import type { Middleware } from 'koa';
import { selfOrigin } from '../../middleware/self-origin.js';
import { endpointsFor, type OAuthDeps } from '../deps.js';
import { publishableIssuer } from '../issuer-host.js';
import { metadataDocument } from '../metadata.js';

export function metadataRoute(deps: OAuthDeps): Middleware {
  return async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    if (!(await deps.access.settings()).enabled) {
      ctx.status = 404;
      ctx.body = { error: 'not_found', message: 'OAuth2 is switched off on this gateway' };
      return;
    }
    const issuer = publishableIssuer(deps.options.issuer, selfOrigin(ctx), ctx.hostname);
    if (issuer === null) {
      // RFC 9110 §15.5.20: this server will not answer for the host named in the request.
      ctx.status = 421;
      ctx.body = {
        error: 'misdirected_request',
        message: 'Set GATEWAY_OAUTH_ISSUER to publish OAuth2 metadata beyond loopback',
      };
      return;
    }
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.body = metadataDocument(endpointsFor({ ...deps.options, issuer }, issuer));
  };
}

// GET /oauth2/authorize (RFC 6749 §3.1, §4.1.1): validates the request, stores it, and sends the
// browser to the consent page in the console (where the console session and its CSRF token
// live; the session cookie is scoped to /console). Errors before the redirect URI is trusted
// are a page, never a redirect. Nothing here may be framed (RFC 9700 §4.7).
import type { Middleware } from 'koa';
import { startAuthorization, type AuthorizeQuery } from '../authorize-request.js';
import { selfOrigin } from '../../middleware/self-origin.js';
import { endpointsFor, type OAuthDeps } from '../deps.js';
import { authorizeErrorPage } from '../error-page.js';

export const CONSENT_PATH = '/console/oauth2/consent';

export function authorizeRoute(deps: OAuthDeps): Middleware {
  return async (ctx) => {
    ctx.set(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    const issuer = endpointsFor(deps.options, selfOrigin(ctx)).issuer;
    const outcome = await startAuthorization(
      deps,
      ctx.query as AuthorizeQuery,
      issuer,
      ctx.ip || null,
    );
    if (outcome.kind === 'page') {
      ctx.status = outcome.status;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = authorizeErrorPage(outcome.message);
      return;
    }
    ctx.status = 303;
    ctx.redirect(
      outcome.kind === 'redirect'
        ? outcome.location
        : `${CONSENT_PATH}?id=${encodeURIComponent(outcome.requestId)}`,
    );
  };
}

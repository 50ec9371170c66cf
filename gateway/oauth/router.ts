// The OAuth 2.0 authorization server's edge (gateway/oauth/README.md §1):
// /oauth2/authorize, /oauth2/token, /oauth2/revoke, /oauth2/introspect and the RFC 8414
// metadata. The consent page itself is a console route (gateway/console/routes/oauth-consent.ts).
import Router from '@koa/router';
import type { OAuthDeps } from './deps.js';
import { introspectionEndpoint } from './introspection.js';
import { revocationEndpoint } from './revocation.js';
import { authorizeRoute } from './routes/authorize.js';
import { clientEndpointRoute } from './routes/client-endpoint.js';
import { metadataRoute } from './routes/metadata.js';
import { tokenEndpoint } from './token-endpoint.js';
import type { InternalErrorLog } from '../middleware/request-context.js';

export function oauthRouter(deps: OAuthDeps, onInternal: InternalErrorLog): Router {
  const router = new Router();
  router.get('/.well-known/oauth-authorization-server', metadataRoute(deps));
  router.get('/oauth2/authorize', authorizeRoute(deps));
  router.post('/oauth2/token', clientEndpointRoute(deps, tokenEndpoint, onInternal));
  router.post('/oauth2/revoke', clientEndpointRoute(deps, revocationEndpoint, onInternal));
  router.post('/oauth2/introspect', clientEndpointRoute(deps, introspectionEndpoint, onInternal));
  return router;
}

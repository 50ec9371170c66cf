// The one time an application's credentials are visible: the client secret, or the
// private key of a JWT-signed-key app as PKCS#8 PEM and as JWK. The gateway keeps only the
// secret's hash and the public key, so this page cannot be shown again.
import type { OAuthClient } from '../../../store/oauth/types.js';
import type { AppCredentials } from '../../oauth/registration.js';
import { html, type SafeHtml } from '../views/html.js';

export function credentialsPanel(client: OAuthClient, credentials: AppCredentials): SafeHtml {
  const id = html`<p>Client ID: <code data-client-id>${client.id}</code></p>`;
  if (credentials.kind === 'secret') {
    return html`<section class="card" data-credentials="secret">${id}<p><strong>Client secret — shown once, copy it now.</strong> The gateway stores only its hash.</p>
<p class="secret" data-secret>${credentials.clientSecret}</p>
<p class="muted">Send it with HTTP Basic (client_secret_basic) or in the body (client_secret_post) to the token endpoint.</p></section>`;
  }
  if (credentials.kind === 'jwt') {
    return html`<section class="card" data-credentials="jwt">${id}<p><strong>Private key — shown once, copy it now.</strong> The gateway keeps only the public key.</p>
<p>Key ID (kid): <code data-kid>${credentials.kid}</code>, algorithm <code data-alg>${credentials.alg}</code></p>
<label>PEM (PKCS#8)<textarea readonly rows="6" cols="70" data-private-pem>${credentials.privateKeyPem}</textarea></label>
<label>JWK<textarea readonly rows="6" cols="70" data-private-jwk>${JSON.stringify(credentials.privateKeyJwk, null, 2)}</textarea></label>
<p class="muted">Sign client assertions (private_key_jwt, RFC 7523) with it: iss and sub = the client ID, aud = the issuer or the token endpoint URL, a unique jti, exp at most 5 minutes ahead.</p></section>`;
  }
  return html`<section class="card" data-credentials="none">${id}<p>A native or single-page app has no secret: it sends its client ID and proves each code with PKCE (S256).</p></section>`;
}

// App-only access tokens for Microsoft Graph: the OAuth 2.0 client credentials grant (RFC 6749
// §4.4) against the Microsoft identity platform's v2.0 token endpoint, with a client secret or a
// certificate. A certificate signs a client assertion (RFC 7523 §2.2) carrying the certificate's
// SHA-1 thumbprint as `x5t` (Microsoft identity platform docs: "certificate credentials"). The token is
// cached until a minute before it expires, so a sync round asks once.
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import type { HttpClient } from '../http.js';
import { GraphError } from './errors.js';

export interface ClientCredentials {
  readonly loginUrl: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly graphUrl: string;
  readonly clientSecret?: string;
  /** A PEM holding the certificate and its private key. */
  readonly certificatePem?: string;
}

const EARLY_MS = 60_000;

export const tokenEndpoint = (c: Pick<ClientCredentials, 'loginUrl' | 'tenantId'>): string =>
  `${c.loginUrl.replace(/\/+$/, '')}/${encodeURIComponent(c.tenantId)}/oauth2/v2.0/token`;

async function assertion(c: ClientCredentials, audience: string, nowMs: number): Promise<string> {
  const pem = c.certificatePem ?? '';
  let key;
  let thumbprint: string;
  try {
    key = createPrivateKey(pem);
    const cert = new X509Certificate(pem);
    thumbprint = createHash('sha1').update(cert.raw).digest('base64url');
  } catch (err) {
    throw new GraphError(
      'auth',
      'the certificate file holds no usable certificate and key',
      null,
      null,
      null,
      {
        cause: err,
      },
    );
  }
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5t: thumbprint })
    .setIssuer(c.clientId)
    .setSubject(c.clientId)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 600)
    .sign(key);
}

export class ClientCredentialsToken {
  private cached: { token: string; expiresMs: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: ClientCredentials,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A current access token; `renew` drops the cached one (after a 401). */
  async get(renew = false): Promise<string> {
    if (renew) this.cached = null;
    if (this.cached && this.cached.expiresMs - EARLY_MS > this.clock()) return this.cached.token;
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetch(): Promise<string> {
    const c = this.credentials;
    const url = tokenEndpoint(c);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      scope: `${c.graphUrl.replace(/\/+$/, '')}/.default`,
    });
    if (c.certificatePem !== undefined) {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', await assertion(c, url, this.clock()));
    } else {
      form.set('client_secret', c.clientSecret ?? '');
    }
    const res = await this.http.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const text = res.body.toString('utf8');
    let body: {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_description?: unknown;
    };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new GraphError(
        'malformed',
        `the token endpoint answered ${res.status} without JSON`,
        res.status,
      );
    }
    if (res.status !== 200 || typeof body.access_token !== 'string') {
      const why =
        typeof body.error_description === 'string'
          ? body.error_description
          : String(body.error ?? '');
      throw new GraphError(
        res.status >= 500 ? 'transient' : 'auth',
        `sign-in refused (${res.status} ${String(body.error ?? '')}): ${why.split('\n')[0] ?? ''}`,
        res.status,
        typeof body.error === 'string' ? body.error : null,
      );
    }
    const expiresIn = Number(body.expires_in ?? 3600);
    this.cached = { token: body.access_token, expiresMs: this.clock() + expiresIn * 1000 };
    return body.access_token;
  }
}

// Shared set-up of the OAuth2 tests: a gateway, users, applications registered through the same
// code the console and CLI use, openid-client v6 configurations found by discovery from the
// RFC 8414 metadata document, a loopback redirect target, and calls to the vtenext REST path.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import {
  registerApp,
  type AppCredentials,
  type AppInput,
  type CreatedApp,
} from '../../gateway/oauth/registration.js';
import { createOAuthStore, type OAuthStore } from '../../store/oauth/oauth-store.js';
import type { RunningGateway } from '../../gateway/server.js';
import { startTestGateway, type TestGateway } from './gateway.js';

/** What the helpers need of a gateway: the in-process test gateway or one started directly. */
export type Gateway = Pick<RunningGateway, 'store' | 'url'>;

export async function oauthGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  return startTestGateway({
    GATEWAY_OAUTH_TOKEN_RATE_LIMIT: '100000',
    GATEWAY_LOGIN_MAX_FAILURES: '200',
    ...env,
  });
}

export function oauthStore(gw: Gateway): OAuthStore {
  return createOAuthStore(gw.store.db.knex);
}

export async function createUser(
  gw: Gateway,
  userName: string,
  options: { isAdmin?: boolean } = {},
): Promise<number> {
  const existing = await gw.store.users.findByUserName(userName);
  if (existing) return existing.id;
  return (
    await gw.store.users.create({
      userName,
      password: `${userName}-password-1`,
      lastName: userName,
      isAdmin: options.isAdmin ?? false,
    })
  ).id;
}

export async function createApp(
  gw: Gateway,
  input: Partial<AppInput> & Pick<AppInput, 'type' | 'userId'>,
): Promise<CreatedApp> {
  return registerApp(oauthStore(gw), gw.store.users, {
    name: `${input.type} app`,
    description: null,
    iconUrl: null,
    secretType: 'secret',
    scope: 'read write',
    redirectUris: [],
    offlineAccess: false,
    restricted: false,
    allowedUserIds: [],
    allowedGroupIds: [],
    ...input,
  });
}

export function secretOf(credentials: AppCredentials): string {
  if (credentials.kind !== 'secret') throw new Error(`expected a secret, got ${credentials.kind}`);
  return credentials.clientSecret;
}

/** openid-client discovery (algorithm oauth2 = /.well-known/oauth-authorization-server) on http loopback. */
export async function discover(
  gw: Gateway,
  clientId: string,
  auth: client.ClientAuth,
  metadata?: Partial<client.ClientMetadata>,
): Promise<client.Configuration> {
  return client.discovery(new URL(gw.url), clientId, metadata, auth, {
    algorithm: 'oauth2',
    execute: [client.allowInsecureRequests],
  });
}

export interface VtewsReply {
  readonly status: number;
  readonly body: { status: number; data?: unknown; error?: string; message?: string };
}

export async function vtews(
  gw: Gateway,
  op: string,
  token: string,
  params: Record<string, unknown>,
): Promise<VtewsReply> {
  const res = await fetch(`${gw.url}/restapi/v1/vtews/${op}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as VtewsReply['body'] };
}

export function vtewsQuery(
  gw: Gateway,
  token: string,
  query = 'SELECT lastname FROM Contacts;',
): Promise<VtewsReply> {
  return vtews(gw, 'query', token, { query });
}

/** A raw form POST to an OAuth endpoint (for requests a client library refuses to make). */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** A loopback web server standing in for the client's redirect URI (RFC 8252 §7.3). */
export class CallbackServer {
  private readonly server: Server;
  private readonly received: URL[] = [];
  private waiters: Array<(url: URL) => void> = [];

  private constructor() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.origin);
      if (url.pathname === '/start') {
        // A page on another site with a link to the authorization request (a cross-site navigation).
        const to = (url.searchParams.get('to') ?? '').replace(
          /[&<>"]/g,
          (c) => `&#${c.charCodeAt(0)};`,
        );
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(
          `<!doctype html><title>client</title><a id="go" href="${to}">Connect to the CRM</a>`,
        );
        return;
      }
      if (url.pathname !== '/callback') {
        res.writeHead(404).end();
        return;
      }
      const waiter = this.waiters.shift();
      if (waiter) waiter(url);
      else this.received.push(url);
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>callback</title><p>done</p>');
    });
  }

  static async start(): Promise<CallbackServer> {
    const cb = new CallbackServer();
    await new Promise<void>((resolve) => cb.server.listen(0, '127.0.0.1', resolve));
    return cb;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get redirectUri(): string {
    return `${this.origin}/callback`;
  }

  next(timeoutMs = 20_000): Promise<URL> {
    const ready = this.received.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no callback arrived')), timeoutMs);
      this.waiters.push((url) => {
        clearTimeout(timer);
        resolve(url);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface PkceRequest {
  readonly url: URL;
  readonly verifier: string;
  readonly state: string;
}

export async function authorizationRequest(
  config: client.Configuration,
  redirectUri: string,
  scope = 'read write',
): Promise<PkceRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { url, verifier, state };
}

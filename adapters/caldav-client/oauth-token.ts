// Token requests (RFC 6749 §4.1.3 authorization code, §6 refresh) toward the token endpoint of a
// generic OAuth 2.0 provider or Google (developers.google.com/identity/protocols/oauth2/web-server).
// A provider may rotate the refresh token (RFC 6749 §6, OAuth 2.0 Security BCP §4.14): a new one in
// the answer replaces the stored one, which the caller must persist before using the access token.
import type { HttpClient } from '../http.js';
import { CaldavError } from './errors.js';

export interface OAuthClient {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TokenSet {
  readonly accessToken: string;
  /** Epoch ms when the access token expires (a minute early), or null when the provider did not say. */
  readonly expiresAt: number | null;
  /** Null only when a code exchange brought none (the provider was not asked for offline access). */
  readonly refreshToken: string | null;
}

function field(body: Record<string, unknown>, name: string): string | null {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

async function tokenRequest(
  http: HttpClient,
  client: OAuthClient,
  grant: Record<string, string>,
  now: number,
): Promise<TokenSet> {
  const form = new URLSearchParams({
    ...grant,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  let res;
  try {
    res = await http.request({
      method: 'POST',
      url: client.tokenUrl,
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
  } catch (err) {
    throw new CaldavError('network', `token endpoint: ${(err as Error).message}`, undefined, {
      cause: err,
    });
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(res.body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    throw new CaldavError(
      'malformed',
      `token endpoint answered HTTP ${res.status} without JSON`,
      res.status,
    );
  }
  if (res.status !== 200) {
    const error = field(body, 'error') ?? `HTTP ${res.status}`;
    const kind =
      error === 'invalid_grant' || error === 'invalid_client' || error === 'unauthorized_client'
        ? 'unauthorized'
        : 'http_status';
    const description = field(body, 'error_description');
    throw new CaldavError(
      kind,
      `token endpoint refused the ${grant['grant_type'] === 'refresh_token' ? 'refresh' : 'code'}: ${error}${description ? ` (${description})` : ''}`,
      res.status,
    );
  }
  const accessToken = field(body, 'access_token');
  if (accessToken === null)
    throw new CaldavError('malformed', 'token endpoint answered without access_token');
  const expiresIn = Number(body['expires_in']);
  return {
    accessToken,
    expiresAt:
      Number.isFinite(expiresIn) && expiresIn > 0 ? now + Math.max(0, expiresIn - 60) * 1000 : null,
    refreshToken: field(body, 'refresh_token') ?? grant['refresh_token'] ?? null,
  };
}

export async function refreshAccessToken(
  http: HttpClient,
  client: OAuthClient,
  refreshToken: string,
  now: number = Date.now(),
): Promise<TokenSet & { refreshToken: string }> {
  const tokens = await tokenRequest(
    http,
    client,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    now,
  );
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
}

export async function exchangeCode(
  http: HttpClient,
  client: OAuthClient,
  code: string,
  redirectUri: string,
  now: number = Date.now(),
): Promise<TokenSet> {
  return tokenRequest(
    http,
    client,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
    now,
  );
}

// OAuth2 access tokens (RFC 6749 §1.4, bearer use RFC 6750) as the vtenext REST path checks them
// (gateway/rest/README.md §6). Only the SHA-256 of a token is stored. The authorization server
// writes here through store/oauth/tokens.ts; tests may also insert tokens directly.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { nowUtc } from './db.js';

export type TokenScope = 'read' | 'write' | 'read write';

export interface AccessTokenGrant {
  readonly userId: number;
  readonly scope: TokenScope;
}

export interface NewAccessToken {
  readonly token: string;
  readonly userId: number;
  readonly scope: TokenScope;
  readonly expiresAt: Date;
  readonly clientId?: string | null;
}

interface TokenRow {
  user_id: number;
  scope: string;
  expires_at: string;
  revoked: boolean | number;
}

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Scope strings are space-separated sets (RFC 6749 §3.3); anything else grants nothing. */
export function toScope(scope: string): TokenScope | null {
  const parts = new Set(scope.split(' ').filter((s) => s !== ''));
  const read = parts.has('read');
  const write = parts.has('write');
  if (read && write) return 'read write';
  if (write) return 'write';
  return read ? 'read' : null;
}

export class OAuthAccessTokenRepository {
  constructor(private readonly knex: Knex) {}

  /** The grant of a live token: not expired, not revoked, owner active; else null. */
  async find(token: string): Promise<AccessTokenGrant | null> {
    if (token === '' || token.length > 2048) return null;
    const row = await this.knex<TokenRow>('oauth_access_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .where({ 't.token_hash': hashAccessToken(token), 'u.status': 'Active' })
      .first('t.user_id', 't.scope', 't.expires_at', 't.revoked');
    if (!row || Boolean(row.revoked) || row.expires_at <= nowUtc()) return null;
    const scope = toScope(row.scope);
    return scope ? { userId: Number(row.user_id), scope } : null;
  }

  async insert(input: NewAccessToken): Promise<void> {
    await this.knex('oauth_access_tokens').insert({
      token_hash: hashAccessToken(input.token),
      user_id: input.userId,
      client_id: input.clientId ?? null,
      scope: input.scope,
      created_at: nowUtc(),
      expires_at: nowUtc(input.expiresAt),
      revoked: false,
    });
  }

  async revoke(token: string): Promise<void> {
    await this.knex('oauth_access_tokens')
      .where({ token_hash: hashAccessToken(token) })
      .update({ revoked: true });
  }
}

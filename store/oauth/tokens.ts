// Access and refresh tokens of the authorization server. Access tokens live in
// oauth_access_tokens (the table the vtenext REST path reads, gateway/rest/README.md §6); refresh
// tokens belong to a family that starts with one grant. Rotation marks the presented refresh token
// `rotated_at`; presenting a rotated one again is reuse, and revokes the whole family (RFC 9700
// §4.14.2). Only SHA-256 of any token is stored.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { hashAccessToken, toScope } from '../oauth-access-tokens.js';
import type { AccessTokenRecord, IssuedTokens, RefreshTokenRecord } from './types.js';

interface AccessRow {
  client_id: string | null;
  user_id: number;
  scope: string;
  created_at: string;
  expires_at: string;
  revoked: boolean | number;
  family_id: string | null;
}

interface RefreshRow {
  family_id: string;
  client_id: string;
  user_id: number;
  scope: string;
  expires_at: string;
  rotated_at: string | null;
  revoked: boolean | number;
}

export type RotateResult = 'rotated' | 'reused' | 'unknown';

function fromStore(ts: string): Date {
  return new Date(`${ts.replace(' ', 'T')}Z`);
}

function valid(token: string): boolean {
  return token !== '' && token.length <= 2048;
}

export class OAuthTokenRepository {
  constructor(private readonly knex: Knex) {}

  async save(tokens: IssuedTokens): Promise<void> {
    const now = nowUtc();
    await this.knex.transaction(async (trx) => {
      await trx('oauth_access_tokens').insert({
        token_hash: hashAccessToken(tokens.accessToken),
        user_id: tokens.userId,
        client_id: tokens.clientId,
        scope: tokens.scope,
        created_at: now,
        expires_at: nowUtc(tokens.accessTokenExpiresAt),
        revoked: false,
        family_id: tokens.familyId,
      });
      if (tokens.refreshToken && tokens.refreshTokenExpiresAt) {
        await trx('oauth_refresh_tokens').insert({
          token_hash: hashAccessToken(tokens.refreshToken),
          family_id: tokens.familyId,
          client_id: tokens.clientId,
          user_id: tokens.userId,
          scope: tokens.scope,
          created_at: now,
          expires_at: nowUtc(tokens.refreshTokenExpiresAt),
          rotated_at: null,
          revoked: false,
        });
      }
    });
  }

  async findAccess(token: string): Promise<AccessTokenRecord | null> {
    if (!valid(token)) return null;
    const row = await this.knex('oauth_access_tokens')
      .where({ token_hash: hashAccessToken(token) })
      .first<AccessRow | undefined>();
    const scope = row ? toScope(row.scope) : null;
    if (!row || !scope) return null;
    return {
      clientId: row.client_id,
      userId: Number(row.user_id),
      scope,
      createdAt: fromStore(row.created_at),
      expiresAt: fromStore(row.expires_at),
      revoked: Boolean(row.revoked),
      familyId: row.family_id,
    };
  }

  async findRefresh(token: string): Promise<RefreshTokenRecord | null> {
    if (!valid(token)) return null;
    const row = await this.knex('oauth_refresh_tokens')
      .where({ token_hash: hashAccessToken(token) })
      .first<RefreshRow | undefined>();
    const scope = row ? toScope(row.scope) : null;
    if (!row || !scope) return null;
    return {
      familyId: row.family_id,
      clientId: row.client_id,
      userId: Number(row.user_id),
      scope,
      expiresAt: fromStore(row.expires_at),
      rotated: row.rotated_at !== null,
      revoked: Boolean(row.revoked),
    };
  }

  /** Marks a live refresh token as used; a second use (even a concurrent one) revokes its family. */
  async rotate(token: string): Promise<RotateResult> {
    const hash = hashAccessToken(token);
    const n = await this.knex('oauth_refresh_tokens')
      .where({ token_hash: hash, revoked: false })
      .whereNull('rotated_at')
      .update({ rotated_at: nowUtc() });
    if (n === 1) return 'rotated';
    const row = await this.knex('oauth_refresh_tokens')
      .where({ token_hash: hash })
      .first<RefreshRow | undefined>('family_id');
    if (!row) return 'unknown';
    await this.revokeFamily(row.family_id);
    return 'reused';
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('oauth_refresh_tokens').where({ family_id: familyId }).update({ revoked: true });
      await trx('oauth_access_tokens').where({ family_id: familyId }).update({ revoked: true });
    });
  }

  /** RFC 7009 §2.1: revokes the token only when it was issued to `clientId`; a refresh token takes its family along. */
  async revokeIssuedTo(token: string, clientId: string): Promise<void> {
    const hash = hashAccessToken(token);
    const refresh = await this.knex('oauth_refresh_tokens')
      .where({ token_hash: hash, client_id: clientId })
      .first<RefreshRow | undefined>('family_id');
    if (refresh) return this.revokeFamily(refresh.family_id);
    await this.knex('oauth_access_tokens')
      .where({ token_hash: hash, client_id: clientId })
      .update({ revoked: true });
  }

  /** "Revoke all tokens" of an application, or of one user of it ("Linked applications"). */
  async revokeClient(clientId: string, userId?: number): Promise<number> {
    const scope =
      userId === undefined ? { client_id: clientId } : { client_id: clientId, user_id: userId };
    return this.knex.transaction(async (trx): Promise<number> => {
      await trx('oauth_refresh_tokens')
        .where(scope)
        .where({ revoked: false })
        .update({ revoked: true });
      return trx('oauth_access_tokens')
        .where(scope)
        .where({ revoked: false })
        .where('expires_at', '>', nowUtc())
        .update({ revoked: true });
    });
  }

  async deleteExpired(clientId: string): Promise<number> {
    return this.knex('oauth_access_tokens')
      .where({ client_id: clientId })
      .where('expires_at', '<=', nowUtc())
      .del();
  }

  /** Clients that hold tokens of a user, live or not (the user's "Linked applications"). */
  async clientIdsOfUser(userId: number): Promise<string[]> {
    const rows = await this.knex('oauth_access_tokens')
      .where({ user_id: userId })
      .whereNotNull('client_id')
      .distinct<{ client_id: string }[]>('client_id');
    return rows.map((r) => r.client_id);
  }

  async liveCount(clientId: string, userId: number): Promise<number> {
    const rows = await this.knex('oauth_access_tokens')
      .where({ client_id: clientId, user_id: userId, revoked: false })
      .where('expires_at', '>', nowUtc())
      .count<{ n: number | string }[]>({ n: '*' });
    return Number(rows[0]?.n ?? 0);
  }

  /** Housekeeping: tokens dead for `keepMs` go (the console shows recent expired ones). */
  async purgeDead(keepMs: number, now: Date = new Date()): Promise<void> {
    const before = nowUtc(new Date(now.getTime() - keepMs));
    await this.knex('oauth_refresh_tokens').where('expires_at', '<=', before).del();
    await this.knex('oauth_access_tokens')
      .whereNotNull('client_id')
      .where('expires_at', '<=', before)
      .del();
  }
}

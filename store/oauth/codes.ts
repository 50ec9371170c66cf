// Authorization requests waiting for consent, authorization codes (RFC 6749 §4.1) and remembered
// consents. Request ids and codes are stored as SHA-256; a code is burned with one conditional
// UPDATE so two concurrent redemptions cannot both win (RFC 6749 §4.1.2 "single use").
import type { Knex } from 'knex';
import { fromStoreTime, nowUtc } from '../db.js';
import { sha256 } from './clients.js';
import { toScope } from './tokens.js';
import type {
  AuthorizationCodeRecord,
  Consent,
  PendingAuthorization,
  TokenScope,
} from './types.js';

interface RequestRow {
  client_id: string;
  redirect_uri: string;
  scope: string;
  state: string;
  code_challenge: string;
  code_challenge_method: string;
  user_id: number | null;
  expires_at: string;
}

interface CodeRow {
  client_id: string;
  user_id: number;
  redirect_uri: string;
  scope: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  family_id: string;
  expires_at: string;
  used_at: string | null;
}

export type NewPendingAuthorization = Omit<PendingAuthorization, 'userId' | 'expiresAt'>;

/** A code as issued: the stored record before redemption, plus the code itself (kept only hashed). */
export type NewAuthorizationCode = Omit<AuthorizationCodeRecord, 'used'> & {
  readonly code: string;
};

function toPending(row: RequestRow): PendingAuthorization {
  return {
    clientId: row.client_id,
    redirectUri: row.redirect_uri,
    scope: toScope(row.scope) ?? 'read',
    state: row.state,
    codeChallenge: row.code_challenge,
    codeChallengeMethod: row.code_challenge_method,
    userId: row.user_id === null ? null : Number(row.user_id),
    expiresAt: row.expires_at,
  };
}

function fromStore(ts: string): Date {
  return new Date(fromStoreTime(ts));
}

export class OAuthCodeRepository {
  constructor(private readonly knex: Knex) {}

  async savePending(id: string, request: NewPendingAuthorization, ttlMs: number): Promise<void> {
    await this.knex('oauth_authorize_requests').insert({
      id_hash: sha256(id),
      client_id: request.clientId,
      redirect_uri: request.redirectUri,
      scope: request.scope,
      state: request.state,
      code_challenge: request.codeChallenge,
      code_challenge_method: request.codeChallengeMethod,
      user_id: null,
      created_at: nowUtc(),
      expires_at: nowUtc(new Date(Date.now() + ttlMs)),
    });
  }

  /** The pending request for this user: bound to the first user who opens it, hidden from others. */
  async pendingFor(id: string, userId: number): Promise<PendingAuthorization | null> {
    if (id === '' || id.length > 100) return null;
    const where = { id_hash: sha256(id) };
    await this.knex('oauth_authorize_requests')
      .where(where)
      .whereNull('user_id')
      .update({ user_id: userId });
    const row = await this.knex('oauth_authorize_requests')
      .where(where)
      .where('expires_at', '>', nowUtc())
      .first<RequestRow | undefined>();
    return row && Number(row.user_id) === userId ? toPending(row) : null;
  }

  /** Takes the request out (one answer per request); null when expired, answered or someone else's. */
  async takePending(id: string, userId: number): Promise<PendingAuthorization | null> {
    const pending = await this.pendingFor(id, userId);
    if (!pending) return null;
    const n = await this.knex('oauth_authorize_requests')
      .where({ id_hash: sha256(id), user_id: userId })
      .del();
    return n === 1 ? pending : null;
  }

  async saveCode(input: NewAuthorizationCode): Promise<void> {
    await this.knex('oauth_codes').insert({
      code_hash: sha256(input.code),
      client_id: input.clientId,
      user_id: input.userId,
      redirect_uri: input.redirectUri,
      scope: input.scope,
      code_challenge: input.codeChallenge,
      code_challenge_method: input.codeChallengeMethod,
      family_id: input.familyId,
      created_at: nowUtc(),
      expires_at: nowUtc(input.expiresAt),
      used_at: null,
    });
  }

  async findCode(code: string): Promise<AuthorizationCodeRecord | null> {
    if (code === '' || code.length > 200) return null;
    const row = await this.knex('oauth_codes')
      .where({ code_hash: sha256(code) })
      .first<CodeRow | undefined>();
    if (!row) return null;
    return {
      clientId: row.client_id,
      userId: Number(row.user_id),
      redirectUri: row.redirect_uri,
      scope: toScope(row.scope) ?? 'read',
      codeChallenge: row.code_challenge,
      codeChallengeMethod: row.code_challenge_method,
      familyId: row.family_id,
      expiresAt: fromStore(row.expires_at),
      used: row.used_at !== null,
    };
  }

  /** Burns the code; false when it was already used (a replay, or a concurrent redemption). */
  async burnCode(code: string): Promise<boolean> {
    const n = await this.knex('oauth_codes')
      .where({ code_hash: sha256(code) })
      .whereNull('used_at')
      .update({ used_at: nowUtc() });
    return n === 1;
  }

  async consent(userId: number, clientId: string): Promise<Consent | null> {
    const row = await this.knex('oauth_consents')
      .where({ user_id: userId, client_id: clientId })
      .first<{ scope: string; granted_at: string } | undefined>();
    const scope = row ? toScope(row.scope) : null;
    return row && scope ? { clientId, scope, grantedAt: row.granted_at } : null;
  }

  async consents(userId: number): Promise<Consent[]> {
    const rows = await this.knex('oauth_consents')
      .where({ user_id: userId })
      .select<{ client_id: string; scope: string; granted_at: string }[]>();
    return rows.map((r) => ({
      clientId: r.client_id,
      scope: toScope(r.scope) ?? 'read',
      grantedAt: r.granted_at,
    }));
  }

  async saveConsent(userId: number, clientId: string, scope: TokenScope): Promise<void> {
    await this.knex('oauth_consents')
      .insert({ user_id: userId, client_id: clientId, scope, granted_at: nowUtc() })
      .onConflict(['user_id', 'client_id'])
      .merge();
  }

  async forgetConsent(userId: number, clientId: string): Promise<void> {
    await this.knex('oauth_consents').where({ user_id: userId, client_id: clientId }).del();
  }

  async purgeExpired(now: Date = new Date()): Promise<void> {
    await this.knex('oauth_authorize_requests').where('expires_at', '<=', nowUtc(now)).del();
    await this.knex('oauth_codes')
      .where('expires_at', '<=', nowUtc(new Date(now.getTime() - 86_400_000)))
      .del();
  }
}

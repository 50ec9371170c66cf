// Registered OAuth2 applications (RFC 6749 §2): the client
// record, the users and groups it is restricted to, and its public keys for private_key_jwt
// (RFC 7523). The client secret is kept as SHA-256 only: it is 256 random bits, so a fast hash
// is enough and a timing-safe compare of hashes leaks nothing useful.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import { toScope } from './tokens.js';
import type {
  ClientAuthMethod,
  ClientChanges,
  ClientKey,
  ClientStats,
  ClientType,
  NewClient,
  OAuthClient,
} from './types.js';

interface ClientRow {
  id: string;
  name: string;
  description: string | null;
  icon_url: string | null;
  client_type: string;
  auth_method: string;
  secret_hash: string | null;
  scope: string;
  redirect_uris: string;
  offline_access: boolean | number;
  user_id: number;
  restricted: boolean | number;
  active: boolean | number;
  created_at: string;
  updated_at: string;
}

interface PrincipalRow {
  client_id: string;
  kind: string;
  principal_id: number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function redirectUris(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((u): u is string => typeof u === 'string') : [];
  } catch {
    return [];
  }
}

function toClient(row: ClientRow, principals: readonly PrincipalRow[]): OAuthClient {
  const of = (kind: string): number[] =>
    principals
      .filter((p) => p.client_id === row.id && p.kind === kind)
      .map((p) => Number(p.principal_id));
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    iconUrl: row.icon_url,
    type: row.client_type as ClientType,
    authMethod: row.auth_method as ClientAuthMethod,
    scope: toScope(row.scope) ?? 'read',
    redirectUris: redirectUris(row.redirect_uris),
    offlineAccess: Boolean(row.offline_access),
    userId: Number(row.user_id),
    restricted: Boolean(row.restricted),
    allowedUserIds: of('user'),
    allowedGroupIds: of('group'),
    active: Boolean(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function changeColumns(changes: ClientChanges): Record<string, unknown> {
  return {
    name: changes.name,
    description: changes.description,
    icon_url: changes.iconUrl,
    scope: changes.scope,
    redirect_uris: JSON.stringify(changes.redirectUris),
    offline_access: changes.offlineAccess,
    user_id: changes.userId,
    restricted: changes.restricted,
    updated_at: nowUtc(),
  };
}

async function writePrincipals(
  trx: Knex.Transaction,
  clientId: string,
  userIds: readonly number[],
  groupIds: readonly number[],
): Promise<void> {
  await trx('oauth_client_principals').where({ client_id: clientId }).del();
  const rows = [...new Set(userIds)]
    .map((id) => ({ client_id: clientId, kind: 'user', principal_id: id }))
    .concat(
      [...new Set(groupIds)].map((id) => ({
        client_id: clientId,
        kind: 'group',
        principal_id: id,
      })),
    );
  if (rows.length > 0) await trx('oauth_client_principals').insert(rows);
}

export class OAuthClientRepository {
  constructor(private readonly knex: Knex) {}

  async create(input: NewClient): Promise<OAuthClient> {
    const now = nowUtc();
    await this.knex.transaction(async (trx) => {
      await trx('oauth_clients').insert({
        id: input.id,
        client_type: input.type,
        auth_method: input.authMethod,
        secret_hash: input.secretHash,
        active: true,
        created_at: now,
        ...changeColumns(input),
      });
      await writePrincipals(trx, input.id, input.allowedUserIds, input.allowedGroupIds);
    });
    return this.require(input.id);
  }

  async get(id: string): Promise<OAuthClient | null> {
    if (id === '' || id.length > 64) return null;
    const row = await this.knex('oauth_clients').where({ id }).first<ClientRow | undefined>();
    if (!row) return null;
    return toClient(
      row,
      await this.knex<PrincipalRow>('oauth_client_principals').where({ client_id: id }),
    );
  }

  async require(id: string): Promise<OAuthClient> {
    const client = await this.get(id);
    if (!client) throw new GatewayError('not_found', 'There is no such application');
    return client;
  }

  /** All applications, or those associated with one user. */
  async list(filter: { userId?: number } = {}): Promise<OAuthClient[]> {
    const query = this.knex<ClientRow>('oauth_clients').orderBy('name').orderBy('id');
    if (filter.userId !== undefined) query.where({ user_id: filter.userId });
    const rows = await query;
    const principals = rows.length
      ? await this.knex<PrincipalRow>('oauth_client_principals').whereIn(
          'client_id',
          rows.map((r) => r.id),
        )
      : [];
    return rows.map((r) => toClient(r, principals));
  }

  async update(id: string, changes: ClientChanges): Promise<OAuthClient> {
    await this.knex.transaction(async (trx) => {
      const n = await trx('oauth_clients').where({ id }).update(changeColumns(changes));
      if (n === 0) throw new GatewayError('not_found', 'There is no such application');
      await writePrincipals(trx, id, changes.allowedUserIds, changes.allowedGroupIds);
    });
    return this.require(id);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    const n = await this.knex('oauth_clients')
      .where({ id })
      .update({ active, updated_at: nowUtc() });
    if (n === 0) throw new GatewayError('not_found', 'There is no such application');
  }

  async setSecretHash(id: string, secretHash: string): Promise<void> {
    await this.knex('oauth_clients')
      .where({ id })
      .update({ secret_hash: secretHash, updated_at: nowUtc() });
  }

  /** Timing-safe comparison of SHA-256(secret) with the stored hash. */
  async secretMatches(id: string, secret: string): Promise<boolean> {
    const row = await this.knex('oauth_clients')
      .where({ id })
      .first<ClientRow | undefined>('secret_hash');
    const expected = Buffer.from(row?.secret_hash ?? sha256(`absent:${id}`), 'hex');
    const given = Buffer.from(sha256(secret), 'hex');
    return timingSafeEqual(expected, given) && Boolean(row?.secret_hash);
  }

  /** Removes the application with everything issued to it (tokens have no foreign key to it). */
  async remove(id: string): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('oauth_access_tokens').where({ client_id: id }).del();
      await trx('oauth_assertion_jtis').where({ client_id: id }).del();
      const n = await trx('oauth_clients').where({ id }).del();
      if (n === 0) throw new GatewayError('not_found', 'There is no such application');
    });
  }

  async addKey(key: Omit<ClientKey, 'createdAt'>, keep: number): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('oauth_client_keys').insert({
        kid: key.kid,
        client_id: key.clientId,
        alg: key.alg,
        public_jwk: JSON.stringify(key.publicJwk),
        created_at: nowUtc(),
      });
      // Rotation keeps the newest `keep` keys (the old one stays valid until the next rotation).
      const stale = await trx('oauth_client_keys')
        .where({ client_id: key.clientId })
        .orderBy('created_at', 'desc')
        .orderBy('kid')
        .offset(keep)
        .select<{ kid: string }[]>('kid');
      if (stale.length)
        await trx('oauth_client_keys')
          .whereIn(
            'kid',
            stale.map((s) => s.kid),
          )
          .del();
    });
  }

  async keys(clientId: string): Promise<ClientKey[]> {
    const rows = await this.knex('oauth_client_keys')
      .where({ client_id: clientId })
      .orderBy('created_at', 'desc')
      .select<
        { kid: string; client_id: string; alg: string; public_jwk: string; created_at: string }[]
      >();
    return rows.map((r) => ({
      kid: r.kid,
      clientId: r.client_id,
      alg: r.alg,
      publicJwk: JSON.parse(r.public_jwk) as Record<string, unknown>,
      createdAt: r.created_at,
    }));
  }

  async removeKey(clientId: string, kid: string): Promise<void> {
    await this.knex('oauth_client_keys').where({ client_id: clientId, kid }).del();
  }

  async stats(clientId: string): Promise<ClientStats> {
    const now = nowUtc();
    const count = async (q: Knex.QueryBuilder): Promise<number> =>
      Number((await q.count<{ n: number | string }[]>({ n: '*' }))[0]?.n ?? 0);
    const access = (): Knex.QueryBuilder =>
      this.knex('oauth_access_tokens').where({ client_id: clientId });
    const last = await access().max<{ at: string | null }[]>({ at: 'created_at' });
    const users = await this.knex('oauth_access_tokens')
      .where({ client_id: clientId })
      .countDistinct<{ n: number | string }[]>({ n: 'user_id' });
    return {
      activeAccessTokens: await count(
        access().where('revoked', false).where('expires_at', '>', now),
      ),
      expiredAccessTokens: await count(access().where('expires_at', '<=', now)),
      activeRefreshTokens: await count(
        this.knex('oauth_refresh_tokens')
          .where({ client_id: clientId, revoked: false })
          .whereNull('rotated_at')
          .where('expires_at', '>', now),
      ),
      users: Number(users[0]?.n ?? 0),
      lastIssuedAt: last[0]?.at ?? null,
    };
  }
}

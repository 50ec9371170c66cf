// Exchange connections (migration 0019-exchange-bridge): one Microsoft Entra app registration each
// (kind `graph`), or one Exchange Server EWS account (kind `ews`, migration 0029-exchange-ews).
// The client secret, certificate or password is sealed before it reaches a row and opened only for
// the transport; a connection that links still use cannot be removed (they would lose their sign-in).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import type { SecretBox } from '../secrets.js';

export const CONNECTION_KINDS = ['graph', 'ews'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];
export type CredentialKind = 'secret' | 'certificate' | 'password';
export const EWS_AUTHS = ['ntlm', 'basic'] as const;
export type EwsAuth = (typeof EWS_AUTHS)[number];

/** Where and as whom an `ews` connection signs in (its password is among the secrets). */
export interface EwsSettings {
  readonly url: string;
  readonly username: string;
  readonly auth: EwsAuth;
  /** Acts for each linked mailbox through the ApplicationImpersonation role. */
  readonly impersonation: boolean;
}

export interface ExchangeConnection {
  readonly id: number;
  readonly kind: ConnectionKind;
  readonly name: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: CredentialKind;
  readonly graphUrl: string;
  readonly loginUrl: string;
  /** The EWS account of an `ews` connection; null for `graph`. */
  readonly ews: EwsSettings | null;
  readonly createdAt: string;
}

/** The sealed part: a client secret, or a certificate with its private key (PEM). */
export interface ConnectionSecrets {
  readonly clientSecret?: string;
  readonly certificatePem?: string;
  readonly password?: string;
}

export interface NewExchangeConnection {
  readonly kind: ConnectionKind;
  readonly name: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly graphUrl: string;
  readonly loginUrl: string;
  readonly ews?: EwsSettings;
  readonly secrets: ConnectionSecrets;
}

interface Row {
  id: number;
  kind: string;
  name: string;
  tenant_id: string;
  client_id: string;
  credential: string;
  graph_url: string;
  login_url: string;
  secrets: string;
  ews_url: string | null;
  ews_username: string | null;
  ews_auth: string | null;
  ews_impersonation: boolean | number | null;
  created_at: string;
}

const context = (id: number): string => `exchange-connection:${id}`;

function toConnection(r: Row): ExchangeConnection {
  const ews = r.kind === 'ews';
  return {
    id: Number(r.id),
    kind: ews ? 'ews' : 'graph',
    name: r.name,
    tenantId: r.tenant_id,
    clientId: r.client_id,
    credential: ews ? 'password' : r.credential === 'certificate' ? 'certificate' : 'secret',
    graphUrl: r.graph_url,
    loginUrl: r.login_url,
    ews: ews
      ? {
          url: r.ews_url ?? '',
          username: r.ews_username ?? '',
          auth: r.ews_auth === 'basic' ? 'basic' : 'ntlm',
          impersonation: Boolean(r.ews_impersonation),
        }
      : null,
    createdAt: r.created_at,
  };
}

export class ExchangeConnectionRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox,
  ) {}

  async create(input: NewExchangeConnection, now: Date = new Date()): Promise<ExchangeConnection> {
    const credential: CredentialKind =
      input.ews !== undefined
        ? 'password'
        : input.secrets.certificatePem !== undefined
          ? 'certificate'
          : 'secret';
    const id = await this.knex.transaction(async (trx) => {
      if (await trx('exchange_connections').where({ name: input.name }).first('id'))
        throw new GatewayError('conflict', `an Exchange connection named ${input.name} exists`);
      const [inserted] = await trx('exchange_connections')
        .insert({
          kind: input.kind,
          name: input.name,
          tenant_id: input.tenantId,
          client_id: input.clientId,
          credential,
          graph_url: input.graphUrl,
          login_url: input.loginUrl,
          ews_url: input.ews?.url ?? null,
          ews_username: input.ews?.username ?? null,
          ews_auth: input.ews?.auth ?? null,
          ews_impersonation: input.ews?.impersonation ?? false,
          secrets: '',
          created_at: nowUtc(now),
        })
        .returning('id');
      const newId =
        typeof inserted === 'object' && inserted !== null
          ? Number((inserted as { id: number }).id)
          : Number(inserted);
      await trx('exchange_connections')
        .where({ id: newId })
        .update({ secrets: this.box.seal(JSON.stringify(input.secrets), context(newId)) });
      return newId;
    });
    return this.mustGet(id);
  }

  async get(id: number): Promise<ExchangeConnection | null> {
    const row = await this.knex<Row>('exchange_connections').where({ id }).first();
    return row ? toConnection(row) : null;
  }

  async mustGet(id: number): Promise<ExchangeConnection> {
    const found = await this.get(id);
    if (!found) throw new GatewayError('not_found', `Exchange connection ${id} does not exist`);
    return found;
  }

  async list(): Promise<ExchangeConnection[]> {
    return (await this.knex<Row>('exchange_connections').orderBy('id')).map(toConnection);
  }

  async secrets(id: number): Promise<ConnectionSecrets> {
    const row = await this.knex<Row>('exchange_connections').where({ id }).first('secrets');
    if (!row) throw new GatewayError('not_found', `Exchange connection ${id} does not exist`);
    return JSON.parse(this.box.open(row.secrets, context(id))) as ConnectionSecrets;
  }

  /** Removes the connection; `inUse` names the links still on it (then nothing is removed). */
  async remove(id: number, inUse: readonly number[]): Promise<void> {
    await this.mustGet(id);
    if (inUse.length > 0)
      throw new GatewayError(
        'conflict',
        `Exchange connection ${id} is used by link(s) ${inUse.join(', ')}: delete them first`,
      );
    await this.knex('exchange_connections').where({ id }).del();
  }
}

// WhatsApp Business channels: one row per business phone number, its access token and app secret
// sealed with the link-secret key (store/secrets.ts) and bound to the phone number id, so a sealed
// value copied onto another channel does not open (gateway/whatsapp/README.md §1).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import type { SecretBox } from '../secrets.js';
import type { ChannelInput, ChannelSecrets, WhatsAppChannel } from './types.js';

interface ChannelRow {
  id: number;
  phone_number_id: string;
  waba_id: string;
  token_sealed: string;
  app_secret_sealed: string;
  verify_token: string;
  owner_kind: string;
  owner_id: number;
  graph_url: string;
  api_version: string;
  tickets: boolean | number;
  dial_prefix: string;
  match_days: number;
  paused: boolean | number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

function toChannel(r: ChannelRow): WhatsAppChannel {
  return {
    id: Number(r.id),
    phoneNumberId: r.phone_number_id,
    wabaId: r.waba_id,
    verifyToken: r.verify_token,
    owner: { kind: r.owner_kind === 'group' ? 'group' : 'user', id: Number(r.owner_id) },
    graphUrl: r.graph_url,
    apiVersion: r.api_version,
    tickets: Boolean(r.tickets),
    dialPrefix: r.dial_prefix === '00' ? '00' : '+',
    matchDays: Number(r.match_days),
    paused: Boolean(r.paused),
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const context = (phoneNumberId: string, what: string): string =>
  `whatsapp:${phoneNumberId}:${what}`;

export class WhatsAppChannelRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox,
  ) {}

  /** Creates the channel, or replaces the settings of the one with this phone number id. */
  async configure(input: ChannelInput): Promise<WhatsAppChannel> {
    const now = nowUtc();
    const row = {
      phone_number_id: input.phoneNumberId,
      waba_id: input.wabaId,
      token_sealed: this.box.seal(input.token, context(input.phoneNumberId, 'token')),
      app_secret_sealed: this.box.seal(input.appSecret, context(input.phoneNumberId, 'app-secret')),
      verify_token: input.verifyToken,
      owner_kind: input.owner.kind,
      owner_id: input.owner.id,
      graph_url: input.graphUrl,
      api_version: input.apiVersion,
      tickets: input.tickets,
      dial_prefix: input.dialPrefix,
      match_days: input.matchDays,
      paused: false,
      last_error: null,
      updated_at: now,
    };
    const existing = await this.byPhoneNumberId(input.phoneNumberId);
    if (existing) {
      await this.knex('whatsapp_channels').where({ id: existing.id }).update(row);
      return (await this.get(existing.id)) as WhatsAppChannel;
    }
    const [inserted] = await this.knex('whatsapp_channels')
      .insert({ ...row, created_at: now })
      .returning('id');
    const id =
      typeof inserted === 'object' && inserted !== null
        ? Number((inserted as { id: number }).id)
        : Number(inserted);
    return (await this.get(id)) as WhatsAppChannel;
  }

  async list(): Promise<WhatsAppChannel[]> {
    const rows = await this.knex('whatsapp_channels').orderBy('id').select<ChannelRow[]>('*');
    return rows.map(toChannel);
  }

  async get(id: number): Promise<WhatsAppChannel | null> {
    const row = await this.knex('whatsapp_channels').where({ id }).first<ChannelRow | undefined>();
    return row ? toChannel(row) : null;
  }

  async require(id: number): Promise<WhatsAppChannel> {
    const channel = await this.get(id);
    if (!channel) throw new GatewayError('not_found', `WhatsApp channel ${id} does not exist`);
    return channel;
  }

  async byPhoneNumberId(phoneNumberId: string): Promise<WhatsAppChannel | null> {
    const row = await this.knex('whatsapp_channels')
      .where({ phone_number_id: phoneNumberId })
      .first<ChannelRow | undefined>();
    return row ? toChannel(row) : null;
  }

  async secrets(id: number): Promise<ChannelSecrets> {
    const row = await this.knex('whatsapp_channels').where({ id }).first<ChannelRow | undefined>();
    if (!row) throw new GatewayError('not_found', `WhatsApp channel ${id} does not exist`);
    return {
      token: this.box.open(row.token_sealed, context(row.phone_number_id, 'token')),
      appSecret: this.box.open(row.app_secret_sealed, context(row.phone_number_id, 'app-secret')),
    };
  }

  /** The app secrets of every channel: a delivery is accepted if one of them signed it. */
  async appSecrets(): Promise<string[]> {
    const rows = await this.knex('whatsapp_channels').select<ChannelRow[]>(
      'phone_number_id',
      'app_secret_sealed',
    );
    return rows.map((r) =>
      this.box.open(r.app_secret_sealed, context(r.phone_number_id, 'app-secret')),
    );
  }

  async verifyTokens(): Promise<string[]> {
    const rows =
      await this.knex('whatsapp_channels').select<{ verify_token: string }[]>('verify_token');
    return rows.map((r) => r.verify_token);
  }

  /** A revoked token or another lasting fault pauses sending and shows on the channel. */
  async setFault(id: number, error: string | null): Promise<void> {
    await this.knex('whatsapp_channels')
      .where({ id })
      .update({ paused: error !== null, last_error: error, updated_at: nowUtc() });
  }
}

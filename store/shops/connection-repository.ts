// Shop connections (migration shop-connections); rows of kind `shop` only, the 1C endpoint's row
// is store/shops/cml-endpoint.ts. The site password is sealed with the
// SecretBox bound to `shop:<id>`, so a sealed value copied onto another row does not open, and it
// is opened only for the exchange client. Bad input is refused before anything is written.
import { checkShopSchedule } from './schedule.js';
import { forgetSentPictures } from './sent-pictures.js';
import { SHOP_KIND } from './cml-endpoint.js';
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import type { SecretBox } from '../secrets.js';
import {
  SHOP_ENCODINGS,
  SHOP_SCHEMAS,
  type NewShopConnection,
  type ShopConnection,
  type ShopEncoding,
  type ShopSchema,
  type StatusPair,
} from './types.js';

interface Row {
  id: number;
  name: string;
  url: string;
  login: string;
  user_id: number;
  catalogs: string;
  schema_version: string;
  encoding: string;
  status_map: string;
  push_schedule: string | null;
  orders_schedule: string | null;
  active: boolean | number;
  one_init_per_file: boolean | number;
  pushed_until: string | null;
  orders_until: string | null;
  last_error: string | null;
  created_at: string;
}

function json<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toConnection(r: Row): ShopConnection {
  return {
    id: Number(r.id),
    name: r.name,
    url: r.url,
    login: r.login,
    userId: Number(r.user_id),
    catalogs: json<number[]>(r.catalogs, []),
    schema: r.schema_version as ShopSchema,
    encoding: r.encoding as ShopEncoding,
    statusMap: json<StatusPair[]>(r.status_map, []),
    pushSchedule: r.push_schedule,
    ordersSchedule: r.orders_schedule,
    active: Boolean(r.active),
    oneInitPerFile: Boolean(r.one_init_per_file),
    pushedUntil: r.pushed_until,
    ordersUntil: r.orders_until,
    lastError: r.last_error,
    createdAt: r.created_at,
  };
}

export function checkSchema(value: string): ShopSchema {
  const found = SHOP_SCHEMAS.find((s) => s === value);
  if (!found)
    throw new GatewayError(
      'invalid_input',
      `schema must be ${SHOP_SCHEMAS.join(', ')}, not ${value}`,
    );
  return found;
}

export function checkEncoding(value: string): ShopEncoding {
  const found = SHOP_ENCODINGS.find((s) => s === value.toLowerCase());
  if (!found)
    throw new GatewayError('invalid_input', `encoding must be utf-8 or windows-1251, not ${value}`);
  return found;
}

function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GatewayError('invalid_input', `not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new GatewayError('invalid_input', `the exchange URL must be http or https: ${value}`);
  if (url.username || url.password)
    throw new GatewayError(
      'invalid_input',
      'put the login and password in their own options, not in the URL',
    );
  return url.toString();
}

export class ShopConnectionRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox,
  ) {}

  private context(id: number): string {
    return `shop:${id}`;
  }

  async create(input: NewShopConnection, now: Date = new Date()): Promise<ShopConnection> {
    const name = input.name.trim();
    if (name === '') throw new GatewayError('invalid_input', 'a shop needs a name');
    if (input.login === '') throw new GatewayError('invalid_input', 'a shop needs a login');
    if (input.password === '') throw new GatewayError('invalid_input', 'a shop needs a password');
    const url = checkUrl(input.url);
    const schema = checkSchema(input.schema ?? '2.08');
    const encoding = checkEncoding(input.encoding ?? 'utf-8');
    const pushSchedule = checkShopSchedule(input.pushSchedule);
    const ordersSchedule = checkShopSchedule(input.ordersSchedule);
    const id = await this.knex.transaction(async (trx) => {
      if (await trx('shop_connections').where({ name }).first())
        throw new GatewayError('conflict', `a shop named ${name} exists already`);
      const user = await trx('users').where({ id: input.userId }).first('id');
      if (!user) throw new GatewayError('not_found', `user ${input.userId} does not exist`);
      for (const c of input.catalogs ?? []) {
        const found = await trx('crm_entities')
          .where({ id: c, module: 'Catalogs', deleted: false })
          .first('id');
        if (!found) throw new GatewayError('not_found', `catalog ${c} does not exist`);
      }
      const [inserted] = await trx('shop_connections')
        .insert({
          name,
          url,
          login: input.login,
          secrets: '',
          user_id: input.userId,
          catalogs: JSON.stringify(input.catalogs ?? []),
          schema_version: schema,
          encoding,
          push_schedule: pushSchedule,
          orders_schedule: ordersSchedule,
          one_init_per_file: input.oneInitPerFile ?? false,
          created_at: nowUtc(now),
        })
        .returning('id');
      const newId =
        typeof inserted === 'object' && inserted !== null
          ? Number((inserted as { id: number }).id)
          : Number(inserted);
      await trx('shop_connections')
        .where({ id: newId })
        .update({ secrets: this.box.seal(input.password, this.context(newId)) });
      return newId;
    });
    return this.mustGet(id);
  }

  async get(id: number): Promise<ShopConnection | null> {
    const row = (await this.knex('shop_connections').where({ id, kind: SHOP_KIND }).first()) as
      Row | undefined;
    return row ? toConnection(row) : null;
  }

  async mustGet(id: number): Promise<ShopConnection> {
    const c = await this.get(id);
    if (!c) throw new GatewayError('not_found', `shop ${id} does not exist`);
    return c;
  }

  async list(): Promise<ShopConnection[]> {
    return (
      (await this.knex('shop_connections').where({ kind: SHOP_KIND }).orderBy('id')) as Row[]
    ).map(toConnection);
  }

  async remove(id: number): Promise<void> {
    await this.mustGet(id);
    await this.knex.transaction(async (trx) => {
      await forgetSentPictures(trx, id);
      await trx('shop_connections').where({ id }).del();
    });
  }

  async password(id: number): Promise<string> {
    const row = await this.knex('shop_connections')
      .where({ id, kind: SHOP_KIND })
      .first<{ secrets: string } | undefined>('secrets');
    if (!row) throw new GatewayError('not_found', `shop ${id} does not exist`);
    return this.box.open(row.secrets, this.context(id));
  }

  /** Adds or replaces the CRM status of one site status (names compared as written). */
  async mapStatus(
    id: number,
    pair: StatusPair,
    crmStatuses: readonly string[],
  ): Promise<ShopConnection> {
    const site = pair.site.trim();
    if (site === '') throw new GatewayError('invalid_input', 'the site status is empty');
    if (!crmStatuses.includes(pair.crm))
      throw new GatewayError(
        'invalid_input',
        `unknown SalesOrder status ${pair.crm} (one of ${crmStatuses.join(', ')})`,
      );
    const c = await this.mustGet(id);
    const map = [...c.statusMap.filter((p) => p.site !== site), { site, crm: pair.crm }];
    await this.knex('shop_connections')
      .where({ id })
      .update({ status_map: JSON.stringify(map) });
    return this.mustGet(id);
  }

  /** Removes the line of one site status; a missing one is refused. */
  async unmapStatus(id: number, site: string): Promise<ShopConnection> {
    const c = await this.mustGet(id);
    const map = c.statusMap.filter((p) => p.site !== site);
    if (map.length === c.statusMap.length)
      throw new GatewayError('not_found', `the status map of shop ${id} has no ${site}`);
    await this.knex('shop_connections')
      .where({ id })
      .update({ status_map: JSON.stringify(map) });
    return this.mustGet(id);
  }

  /** New schedules (null: the default) and exchange options; all checked before anything is written. */
  async setOptions(
    id: number,
    change: {
      readonly pushSchedule?: string | null;
      readonly ordersSchedule?: string | null;
      readonly oneInitPerFile?: boolean;
    },
  ): Promise<ShopConnection> {
    await this.mustGet(id);
    const update: Record<string, string | boolean | null> = {};
    if (change.pushSchedule !== undefined)
      update['push_schedule'] = checkShopSchedule(change.pushSchedule);
    if (change.ordersSchedule !== undefined)
      update['orders_schedule'] = checkShopSchedule(change.ordersSchedule);
    if (change.oneInitPerFile !== undefined) update['one_init_per_file'] = change.oneInitPerFile;
    if (Object.keys(update).length > 0)
      await this.knex('shop_connections').where({ id }).update(update);
    return this.mustGet(id);
  }

  async setActive(id: number, active: boolean): Promise<void> {
    await this.knex('shop_connections').where({ id }).update({ active });
  }

  async pushed(id: number, until: string): Promise<void> {
    await this.knex('shop_connections')
      .where({ id })
      .update({ pushed_until: until, last_error: null });
  }

  async ordersDone(id: number, until: string): Promise<void> {
    await this.knex('shop_connections')
      .where({ id })
      .update({ orders_until: until, last_error: null });
  }

  async failed(id: number, error: string): Promise<void> {
    await this.knex('shop_connections')
      .where({ id })
      .update({ last_error: error.slice(0, 4000) });
  }
}

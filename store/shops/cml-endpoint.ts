// The gateway's own 1C endpoint (/1c_exchange.php, gateway/commerceml/README.md) as one row of the
// connections table web shops use (sync/shop/README.md §6), kind `1c-endpoint`: on/off
// (`active`), the encoding of mode=query output and the status map (1C order state → SalesOrder
// status), so both directions are kept in one place. Migration `cml-endpoint-connection` copies
// the former global settings keys into the row. The row needs an owner, so until a user exists (a
// new install configured from the command line first) the settings stay in those keys, and the
// first change made once a user exists moves them into the row.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import type { StatusPair } from './types.js';

export const ENDPOINT_KIND = '1c-endpoint';
export const SHOP_KIND = 'shop';
export const ENDPOINT_NAME = '1C endpoint (/1c_exchange.php)';

export interface EndpointSettings {
  readonly enabled: boolean;
  readonly encoding: string;
  /** 1C order state → SalesOrder status, only what was set (the caller adds its defaults). */
  readonly statuses: Readonly<Record<string, string>>;
}

export const ENDPOINT_DEFAULTS: EndpointSettings = {
  enabled: true,
  encoding: 'utf-8',
  statuses: {},
};

interface Row {
  active: boolean | number;
  encoding: string;
  status_map: string;
}

function statusesOf(text: string): Record<string, string> {
  let pairs: StatusPair[] = [];
  try {
    pairs = JSON.parse(text) as StatusPair[];
  } catch {
    pairs = [];
  }
  return Object.fromEntries(pairs.map((p) => [p.site, p.crm]));
}

/** The settings keys of gateways before the endpoint had its row. */
const LEGACY = {
  enabled: 'commerceml.enabled',
  encoding: 'commerceml.sale.encoding',
  statuses: 'commerceml.sale.statuses',
};

async function legacy<T>(knex: Knex, key: string, fallback: T): Promise<T> {
  const row = await knex('settings').where({ key }).first<{ value: string } | undefined>('value');
  if (!row) return fallback;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return fallback;
  }
}

async function legacySettings(knex: Knex): Promise<EndpointSettings> {
  return {
    enabled: await legacy(knex, LEGACY.enabled, ENDPOINT_DEFAULTS.enabled),
    encoding: await legacy(knex, LEGACY.encoding, ENDPOINT_DEFAULTS.encoding),
    statuses: await legacy(knex, LEGACY.statuses, ENDPOINT_DEFAULTS.statuses),
  };
}

export async function readEndpoint(knex: Knex): Promise<EndpointSettings> {
  const row = await knex('shop_connections')
    .where({ kind: ENDPOINT_KIND })
    .first<Row | undefined>('active', 'encoding', 'status_map');
  if (!row) return legacySettings(knex);
  return {
    enabled: Boolean(row.active),
    encoding: row.encoding,
    statuses: statusesOf(row.status_map),
  };
}

/** The row of the endpoint with the given settings (the migration's copy, and the first change). */
export async function insertEndpoint(knex: Knex, settings: EndpointSettings): Promise<boolean> {
  const owner = await knex('users')
    .orderBy([{ column: 'is_admin', order: 'desc' }, 'id'])
    .first<{ id: number } | undefined>('id');
  if (!owner) return false;
  await knex('settings').whereIn('key', Object.values(LEGACY)).delete();
  await knex('shop_connections').insert({
    kind: ENDPOINT_KIND,
    name: ENDPOINT_NAME,
    url: '/1c_exchange.php',
    login: '',
    secrets: '',
    user_id: owner.id,
    encoding: settings.encoding,
    status_map: JSON.stringify(
      Object.entries(settings.statuses).map(([site, crm]) => ({ site, crm })),
    ),
    active: settings.enabled,
    created_at: nowUtc(),
  });
  return true;
}

/** Changes the endpoint's settings (already checked by the caller), creating its row if missing. */
export async function writeEndpoint(
  knex: Knex,
  change: { enabled?: boolean; encoding?: string; statuses?: Record<string, string> },
): Promise<void> {
  await knex.transaction(async (trx) => {
    const current = await readEndpoint(trx);
    const next: EndpointSettings = {
      enabled: change.enabled ?? current.enabled,
      encoding: change.encoding ?? current.encoding,
      statuses: { ...current.statuses, ...(change.statuses ?? {}) },
    };
    const touched = await trx('shop_connections')
      .where({ kind: ENDPOINT_KIND })
      .update({
        active: next.enabled,
        encoding: next.encoding,
        status_map: JSON.stringify(
          Object.entries(next.statuses).map(([site, crm]) => ({ site, crm })),
        ),
      });
    if (touched > 0 || (await insertEndpoint(trx, next))) return;
    const at = nowUtc();
    const keys: [string, unknown][] = [
      [LEGACY.enabled, next.enabled],
      [LEGACY.encoding, next.encoding],
      [LEGACY.statuses, next.statuses],
    ];
    for (const [key, value] of keys)
      await trx('settings')
        .insert({ key, value: JSON.stringify(value), updated_at: at })
        .onConflict('key')
        .merge();
  });
}

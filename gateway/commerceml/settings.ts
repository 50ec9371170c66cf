// The exchange's console/CLI settings: on/off, the encoding of mode=query output, and
// the status mapping of orders from 1C. Kept as the endpoint's row of the connections table web
// shops use (store/shops/cml-endpoint.ts), so the console, the command line and every gateway
// replica see the same values, and both directions live in one place.
import type { Knex } from 'knex';
import { readEndpoint, writeEndpoint } from '../../store/shops/cml-endpoint.js';
import { GatewayError } from '../errors.js';
import type { OrderEncoding } from '../../formats/commerceml/order-document.js';
import { DEFAULT_STATUS_MAP, type OrderState } from '../../formats/commerceml/order-changes.js';

export interface CmlSettings {
  readonly enabled: boolean;
  readonly encoding: OrderEncoding;
  readonly statuses: Readonly<Record<OrderState, string>>;
}

const ORDER_STATUSES = ['Created', 'Approved', 'Delivered', 'Cancelled'];

/** Where the settings are read from: a store's database. */
export interface CmlSettingsSource {
  readonly db: { readonly knex: Knex };
}

export async function readCmlSettings(store: CmlSettingsSource): Promise<CmlSettings> {
  const e = await readEndpoint(store.db.knex);
  const statuses: Record<OrderState, string> = { ...DEFAULT_STATUS_MAP };
  for (const state of Object.keys(DEFAULT_STATUS_MAP) as OrderState[]) {
    const set = e.statuses[state];
    if (set !== undefined) statuses[state] = set;
  }
  return {
    enabled: e.enabled,
    encoding: e.encoding === 'windows-1251' ? 'windows-1251' : 'utf-8',
    statuses,
  };
}

export interface CmlSettingsChange {
  readonly enabled?: boolean;
  readonly encoding?: string;
  readonly statuses?: Partial<Record<string, string>>;
}

export async function writeCmlSettings(
  store: CmlSettingsSource,
  change: CmlSettingsChange,
): Promise<CmlSettings> {
  if (
    change.encoding !== undefined &&
    change.encoding !== 'utf-8' &&
    change.encoding !== 'windows-1251'
  ) {
    throw new GatewayError(
      'invalid_input',
      `encoding must be utf-8 or windows-1251, not ${change.encoding}`,
    );
  }
  const statuses: Partial<Record<OrderState, string>> = {};
  for (const [state, status] of Object.entries(change.statuses ?? {})) {
    if (!(state in DEFAULT_STATUS_MAP))
      throw new GatewayError('invalid_input', `unknown 1C order state ${state}`);
    if (status === undefined || !ORDER_STATUSES.includes(status))
      throw new GatewayError('invalid_input', `unknown SalesOrder status ${String(status)}`);
    statuses[state as OrderState] = status;
  }
  await writeEndpoint(store.db.knex, {
    ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
    ...(change.encoding !== undefined ? { encoding: change.encoding } : {}),
    statuses,
  });
  return readCmlSettings(store);
}

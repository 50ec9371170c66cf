// The exchange's console/CLI settings: on/off, the encoding of mode=query output, and
// the status mapping of orders from 1C. Kept in the settings table so the console, the command
// line and every gateway replica see the same values.
import type { SettingsRepository } from '../../store/settings.js';
import { GatewayError } from '../errors.js';
import { ENABLED_SETTING } from './deps.js';
import { SALE_ENCODING } from './sale-export.js';
import { SALE_STATUS_MAP } from './sale-import.js';
import type { OrderEncoding } from '../../formats/commerceml/order-document.js';
import { DEFAULT_STATUS_MAP, type OrderState } from '../../formats/commerceml/order-changes.js';

export interface CmlSettings {
  readonly enabled: boolean;
  readonly encoding: OrderEncoding;
  readonly statuses: Readonly<Record<OrderState, string>>;
}

const ORDER_STATUSES = ['Created', 'Approved', 'Delivered', 'Cancelled'];

export async function readCmlSettings(settings: SettingsRepository): Promise<CmlSettings> {
  return {
    enabled: await settings.get<boolean>(ENABLED_SETTING, true),
    encoding: await settings.get<OrderEncoding>(SALE_ENCODING, 'utf-8'),
    statuses: {
      ...DEFAULT_STATUS_MAP,
      ...(await settings.get<Partial<Record<OrderState, string>>>(SALE_STATUS_MAP, {})),
    },
  };
}

export interface CmlSettingsChange {
  readonly enabled?: boolean;
  readonly encoding?: string;
  readonly statuses?: Partial<Record<string, string>>;
}

export async function writeCmlSettings(
  settings: SettingsRepository,
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
  if (change.enabled !== undefined) await settings.set(ENABLED_SETTING, change.enabled);
  if (change.encoding !== undefined) await settings.set(SALE_ENCODING, change.encoding);
  if (Object.keys(statuses).length > 0) {
    await settings.set(SALE_STATUS_MAP, {
      ...(await readCmlSettings(settings)).statuses,
      ...statuses,
    });
  }
  return readCmlSettings(settings);
}

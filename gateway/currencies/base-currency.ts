// The base currency a fresh install has, as vtiger 8.2's installer creates it: the installation's
// currency (GATEWAY_BASE_CURRENCY, USD by default) with rate 1, so that `21x1` exists and Products,
// Services and inventory records have a default currency (store/records/currency-defaults.ts).
// It is created once, at the first start, before any other record, so it gets id 1; a store that
// already has currencies keeps them as they are (test/gateway/rest/base-currency.test.ts).
import { RecordRepository } from '../../store/records/record-repository.js';
import type { Store } from '../../store/store.js';
import { SharingRepository } from '../../store/visibility.js';
import { adminActor } from './cli-actor.js';

// vtiger's installer names the dollar this way (its Currency list), clients show the name.
const VTIGER_NAMES: Readonly<Record<string, string>> = { USD: 'USA, Dollars' };

function displayName(code: string): string {
  const vtiger = VTIGER_NAMES[code];
  if (vtiger) return vtiger;
  return new Intl.DisplayNames(['en'], { type: 'currency' }).of(code) ?? code;
}

function symbol(code: string): string {
  const parts = new Intl.NumberFormat('en', {
    style: 'currency',
    currency: code,
    currencyDisplay: 'narrowSymbol',
  }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? code;
}

/** Creates the base currency when the store has no currency at all; else leaves them alone. */
export async function ensureBaseCurrency(store: Store, code: string): Promise<void> {
  if (await store.db.knex('crm_entities').where({ module: 'Currency' }).first('id')) return;
  // Bootstrap has just created an active admin on a fresh store; an older store without one
  // starts without a base currency rather than not at all.
  const actor = await adminActor(store).catch(() => null);
  if (!actor) return;
  await store.db.knex.transaction(async (trx) => {
    // Replicas on PostgreSQL may start together: one at a time looks and creates.
    if (trx.client.config.client === 'pg') await trx.raw('SELECT pg_advisory_xact_lock(7031002)');
    if (await trx('crm_entities').where({ module: 'Currency' }).first('id')) return;
    const records = new RecordRepository(trx, new SharingRepository(trx), store.picklists);
    await records.create(actor, 'Currency', {
      values: {
        currency_code: code,
        currency_name: displayName(code),
        currency_symbol: symbol(code),
        conversion_rate: '1',
        currency_status: 'Active',
        defaultid: '1',
      },
    });
  });
}

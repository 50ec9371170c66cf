// Currency defaults of a new record, as vtiger 8.2 fills them: a product or service without
// `currency_id` is priced in the base currency, and an inventory record (SalesOrder, Invoice,
// Quotes) without `conversion_rate` takes its currency's rate, "1.000" for the base currency
// (README "Answers as vtiger 8.2 gives them"; test/gateway/rest/base-currency.test.ts). Every
// edge creates through the record repository, so 1C and webform records get them too.
import type { Knex } from 'knex';
import { findField } from '../modules/registry.js';
import type { ModuleDef } from '../modules/types.js';
import { isEmpty, type ColumnValue } from './field-values.js';

async function baseCurrencyId(knex: Knex): Promise<number | null> {
  const row = await knex('mod_currency as c')
    .join('crm_entities as e', 'e.id', 'c.id')
    .where({ 'e.deleted': false, 'c.defaultid': true })
    .orderBy('c.id')
    .first<{ id: number } | undefined>('c.id');
  return row ? Number(row.id) : null;
}

async function rateOf(knex: Knex, currencyId: number): Promise<ColumnValue> {
  const row = await knex('mod_currency')
    .where({ id: currencyId })
    .first<{ conversion_rate: string | number | null } | undefined>('conversion_rate');
  return row?.conversion_rate ?? null;
}

/** The values a create adds: only fields the module has and the caller left empty. */
export async function currencyDefaults(
  knex: Knex,
  def: ModuleDef,
  columns: Readonly<Record<string, ColumnValue>>,
): Promise<Record<string, ColumnValue>> {
  if (def.name === 'Currency' || !findField(def, 'currency_id')) return {};
  const added: Record<string, ColumnValue> = {};
  let currencyId = columns['currency_id'];
  if (currencyId === undefined || isEmpty(currencyId)) {
    currencyId = await baseCurrencyId(knex);
    if (currencyId !== null) added['currency_id'] = currencyId;
  }
  const rate = columns['conversion_rate'];
  if (findField(def, 'conversion_rate') && (rate === undefined || isEmpty(rate))) {
    const found = currencyId === null ? null : await rateOf(knex, Number(currencyId));
    if (found !== null) added['conversion_rate'] = found;
  }
  return added;
}

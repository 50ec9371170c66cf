// Values vtiger computes on save rather than takes from clients: a Potential's
// `forecast_amount` is its amount × probability / 100 (vtiger 8.2 Potentials save; README
// "Answers as vtiger 8.2 gives them"; test/gateway/rest/computed-values.test.ts). Exact decimal
// arithmetic (decimal.ts), so 1000 × 33.3 % is 333, not 332.99999.
import type { ModuleDef } from '../modules/types.js';
import { formatDecimal, parseDecimal, percentOf } from './decimal.js';
import type { ColumnValue } from './field-values.js';

function decimalOf(value: unknown): bigint {
  if (typeof value === 'number') return parseDecimal(value.toFixed(8));
  if (typeof value === 'string' && value.trim() !== '') return parseDecimal(value);
  return 0n;
}

/** The computed columns of a record whose values (stored and new, merged) are `values`. */
export function computedValues(
  def: ModuleDef,
  values: Readonly<Record<string, unknown>>,
): Record<string, ColumnValue> {
  if (def.name !== 'Potentials') return {};
  const forecast = percentOf(decimalOf(values['amount']), decimalOf(values['probability']));
  return { forecast_amount: formatDecimal(forecast) };
}

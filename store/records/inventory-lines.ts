// Writing the line items of an inventory record, as vtiger's saveInventoryProductDetails keeps
// them (gateway/rest/README.md §2 "Inventory records"): the net price (quantity × list price −
// discount), tax1–tax3 as sent, the purchase cost (the product's purchase_cost × quantity, 0 when
// the product has none) and the margin (net price − purchase cost). Rewriting the lines moves stock
// by the difference (inventory-stock.ts) and recomputes the totals (inventory-totals.ts).
import type { Knex } from 'knex';
import { GatewayError } from '../errors.js';
import { getModule } from '../modules/registry.js';
import type { ModuleDef } from '../modules/types.js';
import type { LineItemInput } from '../types.js';
import type { ColumnValue } from './field-values.js';
import { giveBackStock, takeStock } from './inventory-stock.js';
import { loadLineItems } from './record-rows.js';
import { formatDecimal, multiply, parseDecimal } from './decimal.js';
import { computeTotals, netPriceOf } from './inventory-totals.js';

const PRODUCT_MODULES = ['Products', 'Services'] as const;

function decimalOrZero(value: unknown): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  try {
    return parseDecimal(typeof value === 'number' ? value.toFixed(8) : String(value));
  } catch {
    return 0n;
  }
}

async function unitCosts(
  trx: Knex | Knex.Transaction,
  ids: readonly number[],
): Promise<Map<number, bigint>> {
  const out = new Map<number, bigint>();
  if (ids.length === 0) return out;
  for (const module of PRODUCT_MODULES) {
    const rows = await trx(getModule(module).table)
      .whereIn('id', [...new Set(ids)])
      .select<{ id: number; purchase_cost: unknown }[]>('id', 'purchase_cost');
    for (const r of rows) out.set(Number(r.id), decimalOrZero(r.purchase_cost));
  }
  return out;
}

export async function insertLines(
  trx: Knex | Knex.Transaction,
  recordId: number,
  items: readonly LineItemInput[],
): Promise<void> {
  const costs = await unitCosts(
    trx,
    items.flatMap((i) => i.productId ?? []),
  );
  const rows = items.map((item, i) => {
    const net = netPriceOf(item);
    const unit = item.productId === null ? 0n : (costs.get(item.productId) ?? 0n);
    const cost = multiply(unit, parseDecimal(item.quantity));
    return {
      record_id: recordId,
      sequence: i + 1,
      product_id: item.productId,
      quantity: item.quantity,
      list_price: item.listPrice,
      discount_percent: item.discountPercent,
      discount_amount: item.discountAmount,
      tax_percent: item.taxPercent,
      net_price: formatDecimal(net),
      comment: item.comment,
      tax1: item.tax1 ?? null,
      tax2: item.tax2 ?? null,
      tax3: item.tax3 ?? null,
      purchase_cost: formatDecimal(cost),
      margin: formatDecimal(net - cost),
      incrementondel: false,
    };
  });
  if (rows.length > 0) await trx('inventory_lines').insert(rows);
}

/** Replaces line items when given and returns the recomputed totals (inventory modules). */
export async function writeLineItems(
  trx: Knex.Transaction,
  def: ModuleDef,
  id: number | null,
  items: readonly LineItemInput[] | undefined,
  values: Record<string, ColumnValue>,
): Promise<Record<string, string>> {
  if (!def.inventory) {
    if (items && items.length > 0)
      throw new GatewayError('invalid_input', `${def.name} records have no line items`);
    return {};
  }
  let current: readonly LineItemInput[] = items ?? [];
  if (id !== null && items) {
    // Stock moves by the difference: the old lines give back, the new ones take.
    await giveBackStock(trx, id);
    await trx('inventory_lines').where({ record_id: id }).del();
    await insertLines(trx, id, items);
    await takeStock(trx, def.name, id);
  } else if (id !== null) {
    current = (await loadLineItems(trx, [id])).get(id) ?? [];
  }
  const text = (name: string): string | null => {
    const v = values[name];
    return v === null || v === undefined ? null : String(v);
  };
  return {
    ...computeTotals(current, {
      taxType: text('hdnTaxType'),
      discountPercent: text('hdnDiscountPercent'),
      discountAmount: text('hdnDiscountAmount'),
      shippingAmount: text('hdnS_H_Amount'),
      adjustment: text('txtAdjustment'),
    }),
  };
}

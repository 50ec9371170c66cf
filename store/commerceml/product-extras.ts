// Per-warehouse stock, tax rates and variant relations of products (migration 0009,
// gateway/commerceml/README.md §2.3), written in bulk inside a catalog batch's transaction. An
// offer that lists warehouses is the whole picture of that product's stock, and a product's tax
// list is the whole list, so both replace what was stored for the record.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { chunked } from '../records/bulk-writer.js';
import { parseStoredProperties, writeVariantFields } from './variant-fields.js';

export interface StockRow {
  readonly recordId: number;
  readonly warehouseId: string;
  readonly warehouseName: string | null;
  readonly quantity: string;
}
export interface TaxRow {
  readonly recordId: number;
  readonly taxName: string;
  readonly percentage: string | null;
}
export interface VariantRow {
  readonly variantId: number;
  readonly productId: number;
  readonly properties: readonly (readonly [string, string])[];
}

const num = (v: unknown): string => String(Number(v));

/** Stored stock per record: warehouse Ид → quantity (as a plain number text). */
export async function stockOf(
  knex: Knex,
  ids: readonly number[],
): Promise<Map<number, Map<string, string>>> {
  const out = new Map<number, Map<string, string>>();
  for (const part of chunked([...new Set(ids)], 1)) {
    const rows = await knex('product_stock')
      .whereIn('record_id', part)
      .select<{ record_id: number; warehouse_id: string; quantity: unknown }[]>(
        'record_id',
        'warehouse_id',
        'quantity',
      );
    for (const r of rows) {
      const m = out.get(Number(r.record_id)) ?? new Map<string, string>();
      out.set(Number(r.record_id), m.set(r.warehouse_id, num(r.quantity)));
    }
  }
  return out;
}

/** True when `rows` for one record say the same as what is stored. */
export function sameStock(
  stored: ReadonlyMap<string, string> | undefined,
  rows: readonly Pick<StockRow, 'warehouseId' | 'quantity'>[],
): boolean {
  if ((stored?.size ?? 0) !== rows.length) return false;
  return rows.every((r) => stored?.get(r.warehouseId) === num(r.quantity));
}

async function replace<T>(
  trx: Knex.Transaction,
  table: string,
  ids: readonly number[],
  rows: readonly T[],
  columns: number,
): Promise<void> {
  for (const part of chunked([...new Set(ids)], 1))
    await trx(table).whereIn('record_id', part).del();
  for (const part of chunked(rows, columns)) await trx(table).insert(part);
}

export async function replaceStock(
  trx: Knex.Transaction,
  rows: readonly StockRow[],
): Promise<void> {
  const now = nowUtc();
  await replace(
    trx,
    'product_stock',
    rows.map((r) => r.recordId),
    rows.map((r) => ({
      record_id: r.recordId,
      warehouse_id: r.warehouseId.slice(0, 100),
      warehouse_name: r.warehouseName,
      quantity: r.quantity,
      updated_at: now,
    })),
    5,
  );
}

export async function replaceTaxes(
  trx: Knex.Transaction,
  ids: readonly number[],
  rows: readonly TaxRow[],
): Promise<void> {
  await replace(
    trx,
    'product_taxes',
    ids,
    rows.map((r) => ({
      record_id: r.recordId,
      tax_name: r.taxName.slice(0, 100),
      percentage: r.percentage,
    })),
    3,
  );
}

export async function linkVariants(
  trx: Knex.Transaction,
  rows: readonly VariantRow[],
): Promise<void> {
  const values = rows.map((r) => ({
    variant_id: r.variantId,
    product_id: r.productId,
    properties: r.properties.length > 0 ? JSON.stringify(r.properties) : null,
  }));
  for (const part of chunked(values, 3))
    await trx('product_variants')
      .insert(part)
      .onConflict('variant_id')
      .merge(['product_id', 'properties']);
  await writeVariantFields(trx, rows);
}

/** For readers (console, tests): one record's stock, taxes and variants. */
export async function productExtras(
  knex: Knex,
  recordId: number,
): Promise<{ stock: StockRow[]; taxes: TaxRow[]; variants: VariantRow[] }> {
  const stock = await knex('product_stock')
    .where({ record_id: recordId })
    .orderBy('warehouse_id')
    .select<{ warehouse_id: string; warehouse_name: string | null; quantity: unknown }[]>(
      'warehouse_id',
      'warehouse_name',
      'quantity',
    );
  const taxes = await knex('product_taxes')
    .where({ record_id: recordId })
    .orderBy('tax_name')
    .select<{ tax_name: string; percentage: unknown }[]>('tax_name', 'percentage');
  const variants = await knex('product_variants')
    .where({ product_id: recordId })
    .orderBy('variant_id')
    .select<{ variant_id: number; properties: string | null }[]>('variant_id', 'properties');
  return {
    stock: stock.map((r) => ({
      recordId,
      warehouseId: r.warehouse_id,
      warehouseName: r.warehouse_name,
      quantity: num(r.quantity),
    })),
    taxes: taxes.map((r) => ({
      recordId,
      taxName: r.tax_name,
      percentage: r.percentage === null ? null : num(r.percentage),
    })),
    variants: variants.map((r) => ({
      variantId: Number(r.variant_id),
      productId: recordId,
      properties: parseStoredProperties(r.properties),
    })),
  };
}

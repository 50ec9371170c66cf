// The products 1C sent, for the console's read-only product pages (gateway/console/README.md):
// live Products records linked to a 1C Ид that are no variant, each with its number of variants
// (parent_product_id, store/commerceml/variant-fields.ts), newest link first.
import type { Knex } from 'knex';

export interface OneCProduct {
  readonly id: number;
  readonly name: string;
  readonly code: string | null;
  readonly quantity: string | null;
  readonly variants: number;
}

export async function oneCProducts(knex: Knex, limit: number): Promise<OneCProduct[]> {
  const rows = await knex({ l: 'sync_links' })
    .join({ p: 'mod_products' }, 'p.id', 'l.record_id')
    .join({ e: 'crm_entities' }, 'e.id', 'l.record_id')
    .where({ 'l.system': '1c', 'l.module': 'Products', 'e.deleted': false })
    .whereNull('p.parent_product_id')
    .orderBy('l.updated_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(limit)
    .select<
      { id: number; productname: string | null; productcode: string | null; qtyinstock: unknown }[]
    >('p.id', 'p.productname', 'p.productcode', 'p.qtyinstock');
  const ids = rows.map((r) => Number(r.id));
  const counts = new Map<number, number>();
  if (ids.length > 0) {
    const grouped = (await knex({ v: 'mod_products' })
      .join({ e: 'crm_entities' }, 'e.id', 'v.id')
      .where('e.deleted', false)
      .whereIn('v.parent_product_id', ids)
      .groupBy('v.parent_product_id')
      .select(knex.raw('v.parent_product_id as parent, count(*) as n'))) as {
      parent: number;
      n: unknown;
    }[];
    for (const g of grouped) counts.set(Number(g.parent), Number(g.n));
  }
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.productname ?? '',
    code: r.productcode,
    quantity: r.qtyinstock === null ? null : String(Number(r.qtyinstock)),
    variants: counts.get(Number(r.id)) ?? 0,
  }));
}

export interface VariantSummary {
  readonly id: number;
  readonly name: string;
  readonly properties: string | null;
  readonly quantity: string | null;
  readonly price: string | null;
}

/** The live variants of a product (parent_product_id), in record order. */
export async function variantsOf(knex: Knex, productId: number): Promise<VariantSummary[]> {
  const rows = await knex({ v: 'mod_products' })
    .join({ e: 'crm_entities' }, 'e.id', 'v.id')
    .where({ 'v.parent_product_id': productId, 'e.deleted': false })
    .orderBy('v.id')
    .select<
      {
        id: number;
        productname: string | null;
        variant_properties: string | null;
        qtyinstock: unknown;
        unit_price: unknown;
      }[]
    >('v.id', 'v.productname', 'v.variant_properties', 'v.qtyinstock', 'v.unit_price');
  const num = (v: unknown): string | null => (v === null ? null : String(Number(v)));
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.productname ?? '',
    properties: r.variant_properties,
    quantity: num(r.qtyinstock),
    price: num(r.unit_price),
  }));
}

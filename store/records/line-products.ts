// What vtiger shows of a line item's product beside the line itself (its LineItems `product_name`,
// `entity_type`, `deleted`, and LineItems_FinalDetails' productName/hdnProductcode/qtyInStock/
// unitPrice, gateway/rest/README.md §2 "Inventory records"): one query per product module.
import type { Knex } from 'knex';
import { getModule } from '../modules/registry.js';

export interface LineProduct {
  readonly module: 'Products' | 'Services';
  readonly label: string;
  readonly deleted: boolean;
  /** Products' productcode; a service's number (vtiger uses service_no there). */
  readonly code: string;
  readonly description: string;
  readonly qtyInStock: string | null;
  readonly unitPrice: string | null;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value.toFixed(8) : String(value);
}

interface Row {
  id: number;
  label: string;
  deleted: boolean | number;
  record_no: string | null;
  code?: string | null;
  description: string | null;
  qtyinstock?: unknown;
  unit_price: unknown;
}

export async function lineProducts(
  knex: Knex,
  ids: readonly number[],
): Promise<Map<number, LineProduct>> {
  const out = new Map<number, LineProduct>();
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (unique.length === 0) return out;
  for (const module of ['Products', 'Services'] as const) {
    const extra = module === 'Products' ? ['m.productcode as code', 'm.qtyinstock'] : [];
    const rows = await knex({ m: getModule(module).table })
      .join({ e: 'crm_entities' }, 'e.id', 'm.id')
      .whereIn('m.id', unique)
      .select<Row[]>(
        'm.id',
        'e.label',
        'e.deleted',
        'e.record_no',
        'm.description',
        'm.unit_price',
        ...extra,
      );
    for (const r of rows)
      out.set(Number(r.id), {
        module,
        label: r.label,
        deleted: Boolean(r.deleted),
        code: (module === 'Products' ? r.code : r.record_no) ?? '',
        description: r.description ?? '',
        qtyInStock: module === 'Products' ? text(r.qtyinstock) : null,
        unitPrice: text(r.unit_price),
      });
  }
  return out;
}

// Reading records: crm_entities joined with the module's table, module columns aliased so that
// a field may share a name with an entity column (ModComments.creator).
import type { Knex } from 'knex';
import { moduleColumns } from '../modules/registry.js';
import type { FieldDef, ModuleDef } from '../modules/types.js';
import type { CrmRecord, LineItem } from '../types.js';
import { fromColumn } from './field-values.js';

export interface EntityRow {
  id: number;
  module: string;
  owner_kind: string;
  owner_id: number;
  record_no: string | null;
  label: string;
  createdtime: string;
  modifiedtime: string;
  modifiedby: number | null;
  creator: number | null;
  deleted: boolean | number;
  [column: string]: unknown;
}

interface LineRow {
  id: number;
  record_id: number;
  product_id: number | null;
  quantity: string | number;
  list_price: string | number;
  discount_percent: string | number | null;
  discount_amount: string | number | null;
  tax_percent: string | number | null;
  net_price: string | number;
  comment: string | null;
  tax1: string | number | null;
  tax2: string | number | null;
  tax3: string | number | null;
  purchase_cost: string | number | null;
  margin: string | number | null;
  incrementondel: boolean | number | null;
}

const FIELD_ALIAS = 'f__';

/** `SELECT e.*, m.<col> AS f__<col> … FROM crm_entities e JOIN mod_x m ON m.id = e.id`. */
export function selectRecords(knex: Knex, def: ModuleDef): Knex.QueryBuilder {
  const columns = moduleColumns(def).map((f) => `m.${f.name} as ${FIELD_ALIAS}${f.name}`);
  return knex({ e: 'crm_entities' })
    .join({ m: def.table }, 'm.id', 'e.id')
    .where('e.module', def.name)
    .select('e.*', ...columns);
}

const aliases = new WeakMap<ModuleDef, readonly (readonly [FieldDef, string])[]>();

/** The module's columns with their aliases, built once per module: toRecord runs per row. */
function aliasedColumns(def: ModuleDef): readonly (readonly [FieldDef, string])[] {
  let list = aliases.get(def);
  if (!list) {
    list = moduleColumns(def).map((f) => [f, `${FIELD_ALIAS}${f.name}`] as const);
    aliases.set(def, list);
  }
  return list;
}

export function toRecord(
  def: ModuleDef,
  row: EntityRow,
  lineItems?: readonly LineItem[],
): CrmRecord {
  const values: Record<string, string | null> = {};
  for (const [f, alias] of aliasedColumns(def)) values[f.name] = fromColumn(f, row[alias]);
  return {
    id: Number(row.id),
    module: row.module,
    owner: { kind: row.owner_kind === 'group' ? 'group' : 'user', id: Number(row.owner_id) },
    recordNo: row.record_no,
    label: row.label,
    createdTime: row.createdtime,
    modifiedTime: row.modifiedtime,
    modifiedBy: row.modifiedby === null ? null : Number(row.modifiedby),
    creator: row.creator === null ? null : Number(row.creator),
    values,
    ...(lineItems ? { lineItems } : {}),
  };
}

function decimalText(value: string | number | null): string | null {
  if (value === null) return null;
  return typeof value === 'number' ? value.toFixed(8) : value;
}

/** Line items of several records at once, in their order. */
export async function loadLineItems(
  knex: Knex,
  recordIds: readonly number[],
): Promise<Map<number, LineItem[]>> {
  const byRecord = new Map<number, LineItem[]>();
  if (recordIds.length === 0) return byRecord;
  const rows = await knex<LineRow>('inventory_lines')
    .whereIn('record_id', [...recordIds])
    .orderBy(['record_id', 'sequence']);
  for (const r of rows) {
    const list = byRecord.get(Number(r.record_id)) ?? [];
    list.push({
      id: Number(r.id),
      productId: r.product_id === null ? null : Number(r.product_id),
      quantity: decimalText(r.quantity) ?? '0',
      listPrice: decimalText(r.list_price) ?? '0',
      discountPercent: decimalText(r.discount_percent),
      discountAmount: decimalText(r.discount_amount),
      taxPercent: decimalText(r.tax_percent),
      netPrice: decimalText(r.net_price) ?? '0',
      comment: r.comment,
      tax1: decimalText(r.tax1),
      tax2: decimalText(r.tax2),
      tax3: decimalText(r.tax3),
      purchaseCost: decimalText(r.purchase_cost),
      margin: decimalText(r.margin),
      incrementOnDel: Boolean(r.incrementondel),
    });
    byRecord.set(Number(r.record_id), list);
  }
  return byRecord;
}

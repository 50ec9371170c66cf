// `LineItems` of SalesOrder, Invoice and Quotes as vtiger clients send them (gateway/rest/README.md
// §2 retrieve_inventory, VtigerInventoryOperation): [{productid: "14x3", quantity, listprice,
// discount_percent, discount_amount, tax_percent, comment, tax1–tax3}]; the other keys of a line
// read from retrieve (id, parent_id, product_name …) are ignored. Totals are the store's business. A
// product the caller may not read is refused like a missing one (gateway/rest/README.md §4),
// unless the record being updated already lists it.
import type { CrmRecord, LineItemInput } from '../../store/types.js';
import type { Caller, RestDeps } from './deps.js';
import { readableRecord } from './record-access.js';
import { isObject, scalarText } from './params.js';
import { parseWsId } from './ws-ids.js';
import { moduleByPrefix } from '../../store/modules/registry.js';
import { wsError } from './ws-errors.js';

const PRODUCT_MODULES = new Set(['Products', 'Services']);
const MAX_LINES = 1000;

async function productId(
  deps: RestDeps,
  caller: Caller,
  raw: string | null,
  index: number,
  kept: ReadonlySet<number>,
): Promise<number> {
  const ws = parseWsId(raw ?? '');
  const def = ws ? moduleByPrefix(ws.prefix) : null;
  if (!ws || !def || !PRODUCT_MODULES.has(def.name)) {
    throw wsError(
      'REFERENCE_INVALID',
      `Invalid reference specified for LineItems[${index}].productid: expected a product (14x…) or service (26x…) id`,
      { field: 'productid' },
    );
  }
  if (!kept.has(ws.id) && !(await readableRecord(deps, caller, def.name, ws.id))) {
    throw wsError(
      'REFERENCE_INVALID',
      `Invalid reference specified for LineItems[${index}].productid: ${raw ?? ''} does not exist`,
      { field: 'productid' },
    );
  }
  return ws.id;
}

function optional(item: Record<string, unknown>, name: string, index: number): string | null {
  const v = scalarText(`LineItems[${index}].${name}`, item[name]);
  return v === null || v.trim() === '' ? null : v;
}

export async function parseLineItems(
  deps: RestDeps,
  caller: Caller,
  value: unknown,
  current?: CrmRecord,
): Promise<LineItemInput[]> {
  const kept = new Set((current?.lineItems ?? []).flatMap((l) => l.productId ?? []));
  if (!Array.isArray(value))
    throw wsError('DATABASE_QUERY_ERROR', 'Field LineItems: expected an array of line items', {
      field: 'LineItems',
    });
  if (value.length > MAX_LINES)
    throw wsError('DATABASE_QUERY_ERROR', `Field LineItems: at most ${MAX_LINES} line items`, {
      field: 'LineItems',
    });
  const items: LineItemInput[] = [];
  for (const [index, item] of value.entries()) {
    if (!isObject(item))
      throw wsError('DATABASE_QUERY_ERROR', `Field LineItems[${index}]: expected an object`, {
        field: 'LineItems',
      });
    items.push({
      productId: await productId(
        deps,
        caller,
        scalarText(`LineItems[${index}].productid`, item.productid),
        index,
        kept,
      ),
      quantity: optional(item, 'quantity', index) ?? '1',
      listPrice: optional(item, 'listprice', index) ?? '0',
      discountPercent: optional(item, 'discount_percent', index),
      discountAmount: optional(item, 'discount_amount', index),
      taxPercent: optional(item, 'tax_percent', index),
      comment: optional(item, 'comment', index),
      tax1: optional(item, 'tax1', index),
      tax2: optional(item, 'tax2', index),
      tax3: optional(item, 'tax3', index),
    });
  }
  return items;
}

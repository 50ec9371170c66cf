// SalesOrder, Invoice and Quotes as vtiger 8.2 answers them (VtigerInventoryOperation::retrieve,
// gateway/rest/README.md §2 "Inventory records"): the record's fields and id, then `LineItems`
// (one object per line, keyed as vtiger's LineItem entity: parent_id, productid, sequence_no,
// quantity, listprice, discounts, comment, incrementondel, tax1–tax3, purchase_cost, margin,
// product_name, entity_type, id `33x…`, deleted), `productid` (the first line's product) and
// `LineItems_FinalDetails` (Inventory_Record_Model::getProducts: lines numbered from 1, keys with
// the line number appended, money with two decimals, and the record's totals under
// `final_details` of line 1). The gateway adds `tax_percent` and `netprice` to each line.
// create, update and revise that write lines answer hdnSubTotal, hdnGrandTotal and
// pre_tax_total as JSON numbers, as vtiger does there (test/gateway/rest/inventory-lines.test.ts);
// vtenext's REST path keeps strings.
import { getModule } from '../../store/modules/registry.js';
import { formatDecimal, parseDecimal } from '../../store/records/decimal.js';
import { lineProducts, type LineProduct } from '../../store/records/line-products.js';
import type { Store } from '../../store/store.js';
import type { CrmRecord, LineItem } from '../../store/types.js';
import { formatId } from './ws-ids.js';
import type { WsRecord } from './present.js';

/** vtiger's webservice entity id of LineItem (its vtiger_ws_entity row on a fresh install). */
export const LINEITEM_PREFIX = 33;

/** The totals vtiger's write answers carry as numbers (VtigerInventoryOperation::create). */
const NUMERIC_TOTALS = ['hdnSubTotal', 'hdnGrandTotal', 'pre_tax_total'] as const;

function dec(value: string | null | undefined): bigint {
  if (value === null || value === undefined || value.trim() === '') return 0n;
  try {
    return parseDecimal(value);
  } catch {
    return 0n;
  }
}

/** Rounded half away from zero to `places` decimals (vtiger's number_format). */
function fixed(value: bigint, places: number): string {
  const step = 10n ** BigInt(8 - places);
  const abs = value < 0n ? -value : value;
  const rounded = ((abs + step / 2n) / step) * step;
  const out = formatDecimal(value < 0n ? -rounded : rounded);
  return places === 0 ? (out.split('.')[0] ?? '0') : out.slice(0, out.length - (8 - places));
}

/** vtiger's decimalFormat: trailing zeros dropped ("2.000" → "2"). */
function trimmed(value: string | null): string {
  const text = fixed(dec(value), 3);
  return text.replace(/\.?0+$/, '') || '0';
}

function optional(value: string | null | undefined, places: number): string | null {
  return value === null || value === undefined || value === '' ? null : fixed(dec(value), places);
}

function lineObject(
  parentId: string,
  line: LineItem,
  index: number,
  product: LineProduct | undefined,
): WsRecord {
  return {
    parent_id: parentId,
    productid:
      product && line.productId
        ? formatId(getModule(product.module).idPrefix, line.productId)
        : null,
    sequence_no: String(index + 1),
    quantity: fixed(dec(line.quantity), 3),
    listprice: fixed(dec(line.listPrice), 8),
    discount_percent: optional(line.discountPercent, 3),
    discount_amount: optional(line.discountAmount, 8),
    comment: line.comment ?? '',
    incrementondel: line.incrementOnDel ? '1' : '0',
    tax1: optional(line.tax1, 3),
    tax2: optional(line.tax2, 3),
    tax3: optional(line.tax3, 3),
    purchase_cost: optional(line.purchaseCost, 8) ?? '0.00000000',
    margin: optional(line.margin, 8) ?? fixed(dec(line.netPrice), 8),
    tax_percent: optional(line.taxPercent, 3) ?? '',
    netprice: fixed(dec(line.netPrice), 8),
    product_name: product?.label ?? '',
    entity_type: product?.module ?? '',
    id: formatId(LINEITEM_PREFIX, line.id),
    deleted: product && !product.deleted ? '0' : '1',
  };
}

type Detail = Record<string, unknown>;

function lineDetail(
  line: LineItem,
  i: number,
  product: LineProduct | undefined,
  individual: boolean,
): Detail {
  const total = (dec(line.quantity) * dec(line.listPrice)) / 100_000_000n;
  const net = dec(line.netPrice);
  const tax = individual ? (net * dec(line.taxPercent)) / 10_000_000_000n : 0n;
  const percent = dec(line.discountPercent);
  const amount = dec(line.discountAmount);
  const out: Detail = {
    [`hdnProductId${i}`]: line.productId === null ? '' : String(line.productId),
    [`productName${i}`]: product?.label ?? '',
    [`hdnProductcode${i}`]: product?.code ?? '',
    [`productDescription${i}`]: product?.description ?? '',
    [`comment${i}`]: line.comment ?? '',
  };
  if (product?.qtyInStock !== undefined && product.qtyInStock !== null)
    out[`qtyInStock${i}`] = trimmed(product.qtyInStock);
  Object.assign(out, {
    [`qty${i}`]: trimmed(line.quantity),
    [`listPrice${i}`]: fixed(dec(line.listPrice), 2),
    [`unitPrice${i}`]: fixed(dec(product?.unitPrice), 2),
    [`productTotal${i}`]: fixed(total, 2),
    [`discount_percent${i}`]: percent === 0n ? 0 : trimmed(line.discountPercent),
    [`discount_amount${i}`]: percent === 0n && amount !== 0n ? fixed(amount, 2) : 0,
  });
  if (percent !== 0n) out[`discount_type${i}`] = 'percentage';
  else if (amount !== 0n) out[`discount_type${i}`] = 'amount';
  Object.assign(out, {
    [`discountTotal${i}`]: fixed(total - net, 2),
    [`totalAfterDiscount${i}`]: fixed(net, 2),
    [`taxTotal${i}`]: fixed(tax, 2),
    [`netPrice${i}`]: fixed(net + tax, 2),
    [`entityType${i}`]: product?.module ?? '',
    [`productDeleted${i}`]: !product || product.deleted,
    [`purchaseCost${i}`]: fixed(dec(line.purchaseCost), 2),
    [`margin${i}`]: fixed(dec(line.margin), 2),
  });
  return out;
}

function finalDetails(record: CrmRecord): Detail {
  const v = record.values;
  const percent = dec(v.hdnDiscountPercent);
  const amount = dec(v.hdnDiscountAmount);
  const sub = dec(v.hdnSubTotal);
  const discount = percent !== 0n ? (sub * percent) / 10_000_000_000n : amount;
  return {
    taxtype: v.hdnTaxType || 'group',
    discount_type_final: percent !== 0n ? 'percentage' : amount !== 0n ? 'amount' : 'zero',
    hdnSubTotal: fixed(sub, 2),
    discount_percentage_final: percent !== 0n ? trimmed(v.hdnDiscountPercent ?? null) : 0,
    discount_amount_final: fixed(percent !== 0n ? 0n : amount, 2),
    discountTotal_final: fixed(discount, 2),
    tax_totalamount: fixed(dec(v.tax_total), 2),
    shipping_handling_charge: fixed(dec(v.hdnS_H_Amount), 2),
    shtax_totalamount: '0.00',
    adjustment: fixed(dec(v.txtAdjustment), 2),
    preTaxTotal: fixed(dec(v.pre_tax_total), 2),
    grandTotal: fixed(dec(v.hdnGrandTotal), 2),
  };
}

function finalDetailsOf(
  record: CrmRecord,
  products: ReadonlyMap<number, LineProduct>,
): Record<string, Detail> {
  const individual = record.values.hdnTaxType === 'individual';
  const out: Record<string, Detail> = {};
  (record.lineItems ?? []).forEach((line, index) => {
    const product = line.productId === null ? undefined : products.get(line.productId);
    out[String(index + 1)] = lineDetail(line, index + 1, product, individual);
  });
  out['1'] = { ...(out['1'] ?? {}), final_details: finalDetails(record) };
  return out;
}

export interface InventoryAnswerOptions {
  /** A write that sent LineItems: the three totals become numbers, as vtiger answers them. */
  readonly numericTotals?: boolean;
}

/** The record already presented (`base`, ending with its id) plus what vtiger adds to it. */
export async function withInventory(
  store: Store,
  record: CrmRecord,
  base: WsRecord,
  options: InventoryAnswerOptions = {},
): Promise<Record<string, unknown>> {
  const lines = record.lineItems ?? [];
  const products = await lineProducts(
    store.db.knex,
    lines.flatMap((l) => l.productId ?? []),
  );
  const parentId = base.id ?? '';
  const items = lines.map((line, i) =>
    lineObject(
      parentId,
      line,
      i,
      line.productId === null ? undefined : products.get(line.productId),
    ),
  );
  const out: Record<string, unknown> = { ...base };
  if (options.numericTotals)
    for (const key of NUMERIC_TOTALS) out[key] = Number(formatDecimal(dec(record.values[key])));
  out.LineItems = items;
  out.productid = items[0]?.productid ?? null;
  out.LineItems_FinalDetails = finalDetailsOf(record, products);
  return out;
}

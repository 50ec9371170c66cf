// Line items and totals of SalesOrder, Invoice and Quotes, computed as vtiger does
// (modules/Inventory): line net = quantity × list price − line discount; the record discount
// (percent or amount) applies to the sum; tax is per line ("individual") or on the discounted
// sum ("group"); grand total = pre-tax total + tax + adjustment.
import { GatewayError } from '../errors.js';
import type { LineItemInput } from '../types.js';
import { divide, formatDecimal, multiply, parseDecimal, percentOf } from './decimal.js';

export interface InventoryTotals {
  readonly hdnSubTotal: string;
  readonly pre_tax_total: string;
  readonly tax_total: string;
  readonly hdnGrandTotal: string;
}

export interface TotalsInput {
  readonly taxType: string | null;
  readonly discountPercent: string | null;
  readonly discountAmount: string | null;
  readonly shippingAmount: string | null;
  readonly adjustment: string | null;
}

function dec(value: string | null, what: string): bigint {
  if (value === null || value.trim() === '') return 0n;
  try {
    return parseDecimal(value);
  } catch {
    throw new GatewayError(
      'invalid_input',
      `Line item ${what}: "${value.slice(0, 32)}" is not a decimal number`,
    );
  }
}

export function lineNet(item: LineItemInput): bigint {
  const gross = multiply(dec(item.quantity, 'quantity'), dec(item.listPrice, 'listprice'));
  if (item.discountPercent !== null && item.discountPercent !== '')
    return gross - percentOf(gross, dec(item.discountPercent, 'discount_percent'));
  return gross - dec(item.discountAmount, 'discount_amount');
}

/** The line's net price; a quantity of 0 or less is refused. */
export function netPriceOf(item: LineItemInput): bigint {
  if (dec(item.quantity, 'quantity') <= 0n)
    throw new GatewayError('invalid_input', 'Line item quantity must be greater than 0');
  return lineNet(item);
}

/** tax1–tax3 as sent (each a decimal), summed into the line's rate when no tax_percent is given. */
export function withTaxRate(item: LineItemInput): LineItemInput {
  const rates = [item.tax1, item.tax2, item.tax3].filter(
    (v): v is string => v !== undefined && v !== null && v !== '',
  );
  const sum = rates.reduce((a, v) => a + dec(v, 'tax1–tax3'), 0n);
  if ((item.taxPercent !== null && item.taxPercent !== '') || rates.length === 0) return item;
  return { ...item, taxPercent: formatDecimal(sum) };
}
export function computeTotals(
  items: readonly LineItemInput[],
  input: TotalsInput,
): InventoryTotals {
  const nets = items.map(lineNet);
  const subTotal = nets.reduce((a, b) => a + b, 0n);
  const discount =
    input.discountPercent !== null && input.discountPercent !== ''
      ? percentOf(subTotal, dec(input.discountPercent, 'hdnDiscountPercent'))
      : dec(input.discountAmount, 'hdnDiscountAmount');
  const discounted = subTotal - discount;
  const lineTaxes = items.map((item, i) => percentOf(nets[i] ?? 0n, dec(item.taxPercent, 'tax')));
  const rawTax = lineTaxes.reduce((a, b) => a + b, 0n);
  // Group tax applies to the discounted sum: scale the line taxes by discounted / subtotal.
  const tax =
    input.taxType === 'individual' ? rawTax : multiply(rawTax, divide(discounted, subTotal));
  const preTax = discounted + dec(input.shippingAmount, 'hdnS_H_Amount');
  const grand = preTax + tax + dec(input.adjustment, 'txtAdjustment');
  return {
    hdnSubTotal: formatDecimal(subTotal),
    pre_tax_total: formatDecimal(preTax),
    tax_total: formatDecimal(tax),
    hdnGrandTotal: formatDecimal(grand),
  };
}

// Read-only product pages: the products 1C sent, and one product with its variants, stock per
// warehouse and tax rates as the 1C exchange stored them (gateway/commerceml/README.md §2.3). The
// same data REST returns (gateway/rest/README.md §2, Products); edits go through REST or 1C.
import type { OneCProduct, VariantSummary } from '../../../store/commerceml/product-list.js';
import type { StockRow, TaxRow } from '../../../store/commerceml/product-extras.js';
import { html, type SafeHtml } from '../views/html.js';

export function productsPage(products: readonly OneCProduct[], limit: number): SafeHtml {
  if (products.length === 0) return html`<p class="muted">No product has come from 1C yet.</p>`;
  return html`<p class="muted">Up to ${limit} products, the ones 1C updated last first; variants are listed on each product's page.</p>
<div class="table-wrap"><table><tr><th>Product</th><th>Part number</th><th>Qty in stock</th><th>Variants</th><th>REST id</th></tr>
${products.map(
  (p) =>
    html`<tr><td><a href="/console/products/${p.id}">${p.name || `#${p.id}`}</a></td><td>${p.code ?? ''}</td><td>${p.quantity ?? ''}</td><td>${p.variants}</td><td><code>14x${p.id}</code></td></tr>`,
)}</table></div>`;
}

export interface ProductView {
  readonly id: number;
  readonly values: Readonly<Record<string, string | null>>;
  readonly parent: { readonly id: number; readonly name: string } | null;
  readonly variants: readonly VariantSummary[];
  readonly stock: readonly StockRow[];
  readonly taxes: readonly TaxRow[];
}

function variantTable(variants: readonly VariantSummary[]): SafeHtml {
  if (variants.length === 0) return html`<p class="muted">No variants.</p>`;
  return html`<div class="table-wrap"><table id="variants"><tr><th>Variant</th><th>Properties</th><th>Qty in stock</th><th>Unit price</th></tr>
${variants.map(
  (v) =>
    html`<tr><td><a href="/console/products/${v.id}">${v.name || `#${v.id}`}</a></td><td>${v.properties ?? ''}</td><td>${v.quantity ?? ''}</td><td>${v.price ?? ''}</td></tr>`,
)}</table></div>`;
}

function stockTable(stock: readonly StockRow[]): SafeHtml {
  if (stock.length === 0) return html`<p class="muted">No stock per warehouse.</p>`;
  return html`<div class="table-wrap"><table id="stock"><tr><th>Warehouse</th><th>1C Ид</th><th>Quantity</th></tr>
${stock.map(
  (s) =>
    html`<tr><td>${s.warehouseName ?? ''}</td><td><code>${s.warehouseId}</code></td><td>${s.quantity}</td></tr>`,
)}</table></div>`;
}

function taxTable(taxes: readonly TaxRow[]): SafeHtml {
  if (taxes.length === 0) return html`<p class="muted">No tax rates.</p>`;
  return html`<div class="table-wrap"><table id="taxes"><tr><th>Tax</th><th>Rate, %</th></tr>
${taxes.map((x) => html`<tr><td>${x.taxName}</td><td>${x.percentage ?? 'does not apply'}</td></tr>`)}</table></div>`;
}

export function productPage(p: ProductView): SafeHtml {
  const v = (name: string): string => p.values[name] ?? '';
  // Decimals are stored with 8 places (store/records/decimal.ts); shown as plain numbers.
  const n = (name: string): string => (v(name) === '' ? '' : String(Number(v(name))));
  const parent = p.parent
    ? html`<tr><th>Variant of</th><td><a href="/console/products/${p.parent.id}">${p.parent.name}</a></td></tr>
<tr><th>Properties</th><td>${v('variant_properties')}</td></tr>`
    : '';
  return html`<p><a href="/console/products">← Products from 1C</a></p>
<div class="table-wrap"><table class="kv"><tr><th>REST id</th><td><code>14x${p.id}</code></td></tr>
<tr><th>Part number</th><td>${v('productcode')}</td></tr>${parent}
<tr><th>Unit price</th><td>${n('unit_price')}</td></tr>
<tr><th>Qty in stock</th><td>${n('qtyinstock')}</td></tr>
<tr><th>Usage unit</th><td>${v('usageunit')}</td></tr></table></div>
<h2>Variants</h2>${variantTable(p.variants)}
<h2>Stock per warehouse</h2>${stockTable(p.stock)}
<h2>Taxes</h2>${taxTable(p.taxes)}`;
}

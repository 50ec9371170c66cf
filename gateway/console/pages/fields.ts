import { MODULES } from '../../../store/modules/registry.js';
import { html, type SafeHtml } from '../views/html.js';

/** Keys and related lists that are not fields, per module (gateway/rest/README.md §2, Products). */
const NOTES: Readonly<Record<string, SafeHtml>> = {
  Products: html`<p id="products-extras">retrieve also returns <code>stock_per_warehouse</code> (a list of <code>{warehouse_id, warehouse_name, quantity}</code>) and <code>taxes</code> (a list of <code>{name, rate}</code>); update ignores both when sent back. <code>parent_product_id</code> and <code>variant_properties</code> are set by the 1C exchange. A product's variants: retrieve_related or query_related with the relation label <code>Variants</code>.</p>`,
};

/** Every module with its webservice id prefix and every field's internal name, type and flag. */
export function fieldsPage(): SafeHtml {
  const toc = MODULES.map((m) => html`<a href="#m-${m.name}">${m.name}</a> `);
  const sections = MODULES.map(
    (
      m,
    ) => html`<h2 id="m-${m.name}">${m.name} <span class="muted">${m.label} · id prefix ${m.idPrefix} (ids look like ${m.idPrefix}x123)</span></h2>
${NOTES[m.name] ?? ''}<div class="table-wrap"><table><tr><th>Field (internal name)</th><th>Label</th><th>Type</th><th>Mandatory</th><th>Values / refers to</th></tr>
${m.fields.map(
  (
    f,
  ) => html`<tr><td><code>${f.name}</code></td><td>${f.label}</td><td>${f.type}</td><td>${f.mandatory ? 'yes' : ''}</td>
<td class="muted">${f.refersTo ? f.refersTo.join(', ') : (f.picklistValues ?? []).slice(0, 8).join(', ')}${(f.picklistValues?.length ?? 0) > 8 ? ' …' : ''}</td></tr>`,
)}</table></div>`,
  );
  return html`<p>Names to use in webservice calls and VTQL queries. Record ids are <code>&lt;prefix&gt;x&lt;number&gt;</code>.</p><p>${toc}</p>${sections}`;
}

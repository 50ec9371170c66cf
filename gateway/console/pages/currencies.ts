// The "Currencies & taxes" page: every currency as an editable row (code, name, symbol, rate,
// active) with a button to make it the base currency, a row to add one, and the same for tax
// rates (gateway/currencies/README.md). Every value is escaped by the html tag.
import type { CurrencyView } from '../../currencies/currencies.js';
import type { TaxView } from '../../currencies/taxes.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

const checked = (on: boolean): SafeHtml | '' => (on ? html` checked` : '');

function currencyRow(c: CurrencyView | null, csrf: string): SafeHtml {
  const form = c ? `cur-${c.id}` : 'cur-new';
  const base = c?.base
    ? html`<strong>base</strong>`
    : c
      ? html`<form method="post" action="/console/currencies/base">${csrfField(csrf)}<input type="hidden" name="id" value="${c.id}"><button type="submit">Make base</button></form>`
      : '';
  return html`<tr><td><form id="${form}" method="post" action="/console/currencies">${csrfField(csrf)}${c ? html`<input type="hidden" name="id" value="${c.id}">` : ''}</form>
<input form="${form}" name="code" value="${c?.code ?? ''}" size="4" maxlength="3" required aria-label="Code"></td>
<td><input form="${form}" name="name" value="${c?.name ?? ''}" maxlength="100" aria-label="Name"></td>
<td><input form="${form}" name="symbol" value="${c?.symbol ?? ''}" size="3" maxlength="10" aria-label="Symbol"></td>
<td><input form="${form}" name="rate" value="${c?.rate ?? '1'}" size="10" required aria-label="Rate"></td>
<td><input form="${form}" type="checkbox" name="active" value="1"${checked(c?.active ?? true)} aria-label="Active"></td>
<td>${base}</td><td><button form="${form}" type="submit">${c ? 'Save' : 'Add'}</button></td></tr>`;
}

function taxRow(x: TaxView | null, csrf: string): SafeHtml {
  const form = x ? `tax-${x.id}` : 'tax-new';
  return html`<tr><td><form id="${form}" method="post" action="/console/currencies/taxes">${csrfField(csrf)}${x ? html`<input type="hidden" name="id" value="${x.id}">` : ''}</form>
<input form="${form}" name="name" value="${x?.name ?? ''}" maxlength="100" required aria-label="Name"></td>
<td><input form="${form}" name="rate" value="${x?.rate ?? ''}" size="6" required aria-label="Rate, %"></td>
<td><input form="${form}" type="checkbox" name="active" value="1"${checked(x?.active ?? true)} aria-label="Active"></td>
<td><button form="${form}" type="submit">${x ? 'Save' : 'Add'}</button></td></tr>`;
}

export function currenciesPage(
  currencies: readonly CurrencyView[],
  taxes: readonly TaxView[],
  csrf: string,
): SafeHtml {
  return html`<p>A 1C file that names a currency which is not active here is refused as a whole.
Rates are relative to the base currency (rate 1). Changing the base currency or a rate never changes stored prices or amounts.</p>
<h2>Currencies</h2>
<div class="table-wrap"><table><tr><th>Code</th><th>Name</th><th>Symbol</th><th>Rate</th><th>Active</th><th>Base</th><th></th></tr>
${currencies.map((c) => currencyRow(c, csrf))}
${currencyRow(null, csrf)}</table></div>
<h2>Tax rates</h2>
<div class="table-wrap"><table><tr><th>Name</th><th>Rate, %</th><th>Active</th><th></th></tr>
${taxes.map((x) => taxRow(x, csrf))}
${taxRow(null, csrf)}</table></div>`;
}

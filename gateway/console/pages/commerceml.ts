// The 1C exchange page: the endpoint to configure in 1C, on/off, query encoding,
// order status mapping, and the latest 1C exchanges from the exchange log.
import type { CmlSettings } from '../../commerceml/settings.js';
import type { ExchangeEntry } from '../../../store/exchange-log.js';
import { html, type SafeHtml } from '../views/html.js';
import { when } from '../views/format.js';
import { csrfField } from '../views/layout.js';

const STATES: ReadonlyArray<readonly [keyof CmlSettings['statuses'], string]> = [
  ['not-posted', 'Not posted'],
  ['posted', 'Posted, not paid'],
  ['paid', 'Posted and paid'],
  ['cancelled', 'Cancelled or marked for deletion'],
];
const ORDER_STATUSES = ['Created', 'Approved', 'Delivered', 'Cancelled'];

function statusSelect(state: string, current: string): SafeHtml {
  return html`<select name="status-${state}">${ORDER_STATUSES.map((s) => html`<option value="${s}"${s === current ? html` selected` : ''}>${s}</option>`)}</select>`;
}

function logRows(entries: readonly ExchangeEntry[]): SafeHtml {
  if (entries.length === 0) return html`<p class="muted">No exchange with 1C yet.</p>`;
  return html`<div class="table-wrap"><table><tr><th>No</th><th>Started</th><th>Status</th><th>Created</th><th>Updated</th><th>Details</th><th>Error</th></tr>
${entries.map(
  (
    e,
  ) => html`<tr><td>${String(e.id)}</td><td>${when(e.startedAt)}</td><td class="${e.status === 'error' ? 'bad' : ''}">${e.status}</td>
<td>${String(e.created)}</td><td>${String(e.updated)}</td><td>${e.details ?? ''}</td><td class="bad">${e.error ?? ''}</td></tr>`,
)}</table></div>`;
}

export function commercemlPage(
  settings: CmlSettings,
  log: readonly ExchangeEntry[],
  origin: string,
  csrf: string,
): SafeHtml {
  return html`<p>1C exchange URL: <code>${origin}/1c_exchange.php</code> (also <code>/bitrix/admin/1c_exchange.php</code>).
User: a CRM user name; password: that user's access key.</p>
<form method="post" action="/console/commerceml">${csrfField(csrf)}
<p><label><input type="checkbox" name="enabled" value="1"${settings.enabled ? html` checked` : ''}> Exchange with 1C is on</label></p>
<p><label>Order export encoding <select name="encoding">
<option value="utf-8"${settings.encoding === 'utf-8' ? html` selected` : ''}>UTF-8</option>
<option value="windows-1251"${settings.encoding === 'windows-1251' ? html` selected` : ''}>windows-1251</option></select></label></p>
<table><tr><th>Order state in 1C</th><th>SalesOrder status</th></tr>
${STATES.map(([state, label]) => html`<tr><td>${label}</td><td>${statusSelect(state, settings.statuses[state])}</td></tr>`)}</table>
<button type="submit">Save</button></form>
<h2>Latest exchanges</h2>${logRows(log)}
<p><a href="/console/products">Products from 1C</a>: variants, stock per warehouse and taxes.</p>`;
}

import type { ExchangeEntry, ExchangeFilter } from '../../../store/exchange-log.js';
import { html, type SafeHtml } from '../views/html.js';
import { when } from '../views/format.js';

export function exchangeRows(rows: readonly ExchangeEntry[]): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">No exchanges recorded.</p>`;
  return html`<div class="table-wrap"><table><tr><th>No.</th><th>Started</th><th>System</th><th>Direction</th><th>Status</th><th>Created</th><th>Updated</th><th>Deleted</th><th>Failed</th><th>Error</th></tr>
${rows.map(
  (
    r,
  ) => html`<tr><td>${r.id}</td><td>${when(r.startedAt)}</td><td>${r.system}${r.connection ? html` <span class="muted">${r.connection}</span>` : ''}</td><td>${r.direction}</td>
<td class="${r.status === 'error' ? 'bad' : r.status === 'ok' ? 'good' : ''}">${r.status}</td><td>${r.created}</td><td>${r.updated}</td><td>${r.deleted}</td><td>${r.failed}</td><td class="bad">${r.error ?? ''}</td></tr>`,
)}</table></div>`;
}

export function exchangePage(
  rows: readonly ExchangeEntry[],
  filter: ExchangeFilter,
  systems: readonly string[],
): SafeHtml {
  const opt = (value: string, current: string | undefined, label = value): SafeHtml =>
    html`<option value="${value}"${current === value ? html` selected` : ''}>${label || 'any'}</option>`;
  return html`<p>What the exchanges brought: <a href="/console/products">Products from 1C</a> (variants, stock per warehouse, taxes).</p>
<form method="get" class="filters">
<label>System<select name="system">${opt('', filter.system, 'any')}${systems.map((s) => opt(s, filter.system))}</select></label>
<label>Direction<select name="direction">${['', 'inbound', 'outbound'].map((d) => opt(d, filter.direction, d || 'any'))}</select></label>
<label>Status<select name="status">${['', 'running', 'ok', 'partial', 'error'].map((s) => opt(s, filter.status, s || 'any'))}</select></label>
<label>From<input type="date" name="from" value="${filter.from?.slice(0, 10) ?? ''}"></label>
<label>To<input type="date" name="to" value="${filter.to?.slice(0, 10) ?? ''}"></label>
<button type="submit">Filter</button></form>${exchangeRows(rows)}`;
}

// The "Web shops" page (README "Web shops (CRM as 1C)", sync/shop/README.md §6): each shop the
// CRM feeds as 1C with its schedules, cursors, last error and its last runs from the exchange
// history; the connection test's words; buttons to test, push, exchange orders or delete; and
// the form that adds a shop. The password is typed in, sealed, never shown back.
import type { ExchangeEntry } from '../../../store/exchange-log.js';
import type { ShopConnection } from '../../../store/shops/types.js';
import type { User } from '../../../store/types.js';
import type { ShopTest } from '../../shops/shop-service.js';
import { when } from '../views/format.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';
import { shopSettings } from './shop-settings.js';

export interface ShopsView {
  readonly shops: readonly ShopConnection[];
  /** The latest shop runs, newest first (exchange history, system `shop`). */
  readonly runs: readonly ExchangeEntry[];
  readonly users: readonly User[];
  readonly csrf: string;
  readonly report: { readonly id: number; readonly result: ShopTest } | null;
}

const RUNS_SHOWN = 3;

function runLine(r: ExchangeEntry): SafeHtml {
  const what = r.direction === 'outbound' ? 'catalog push' : 'orders';
  const outcome =
    r.status === 'error'
      ? html`<span class="error">failed: ${r.error ?? ''}</span>`
      : html`${r.status}${r.direction === 'inbound' && r.status === 'ok' ? ` (${r.created} new, ${r.updated} changed)` : ''}`;
  return html`<li>${when(r.startedAt)} ${what}: ${outcome}</li>`;
}

function row(c: ShopConnection, runs: readonly ExchangeEntry[], csrf: string): SafeHtml {
  const action = (verb: string, label: string, cls = 'secondary', confirm = ''): SafeHtml =>
    html`<form method="post" action="/console/shops/${c.id}/${verb}" class="inline"${confirm ? html` data-confirm="${confirm}"` : ''}>${csrfField(csrf)}<button type="submit" class="${cls}">${label}</button></form>`;
  const mine = runs.filter((r) => r.connection === String(c.id)).slice(0, RUNS_SHOWN);
  const last =
    mine.length === 0
      ? html`<span class="muted">never run</span>`
      : html`<ul>${mine.map(runLine)}</ul>`;
  const state = c.active ? 'on' : html`<span class="muted">off</span>`;
  return html`<tr><td>${c.id}</td><td>${c.name}</td><td>${c.url}</td><td>${state}</td>
<td>push ${c.pushSchedule ?? 'hourly'}; orders ${c.ordersSchedule ?? 'every 10 min'}</td>
<td>${last}${c.lastError ? html`<br><span class="error">${c.lastError}</span>` : ''}</td>
<td>${action('test', 'Test connection')} ${action('push', 'Push catalog now')} ${action('orders', 'Exchange orders now')} ${action('delete', 'Delete', 'danger', 'Delete this shop connection? Orders already in the CRM stay.')}${shopSettings(c, csrf)}</td></tr>`;
}

function reportBlock(report: ShopsView['report']): SafeHtml {
  if (!report) return html``;
  return html`<section class="${report.result.ok ? 'ok' : 'error'}"><h2>Connection test of shop ${report.id}</h2><p>${report.result.message}</p></section>`;
}

export function shopsPage(v: ShopsView): SafeHtml {
  const table =
    v.shops.length === 0
      ? html`<p class="muted">No web shops yet.</p>`
      : html`<div class="table-wrap"><table><tr><th>Shop</th><th>Name</th><th>Exchange URL</th><th>State</th><th>Schedules</th><th>Last runs</th><th></th></tr>${v.shops.map((c) => row(c, v.runs, v.csrf))}</table></div>`;
  const userOptions = v.users.map((u) => html`<option value="${u.id}">${u.userName}</option>`);
  return html`${reportBlock(v.report)}<p class="muted">The CRM plays 1C toward each shop's "exchange with 1C" module: it pushes the catalog and takes the orders.</p>${table}
<h2>Add a shop</h2>
<form method="post" action="/console/shops" class="stacked">${csrfField(v.csrf)}
<label>Name<input type="text" name="name"></label>
<label>Exchange URL<input type="url" name="url" placeholder="https://shop.example.com/bitrix/admin/1c_exchange.php"></label>
<label>Login<input type="text" name="login" autocomplete="off"></label>
<label>Password<input type="password" name="password" autocomplete="new-password"></label>
<label>Responsible user (owns the orders)<select name="userId">${userOptions}</select></label>
<label>Schema<select name="schema"><option>2.08</option><option>2.05</option><option>2.10</option></select></label>
<label>Encoding<select name="encoding"><option>utf-8</option><option>windows-1251</option></select></label>
<label>Push schedule (seconds or cron; empty = hourly)<input type="text" name="pushSchedule"></label>
<label>Orders schedule (seconds or cron; empty = every 10 minutes)<input type="text" name="ordersSchedule"></label>
<p><button type="submit">Add shop</button></p></form>`;
}

// The settings of one web shop on the "Web shops" page (sync/shop/README.md §6): its two schedules
// and the one-init-per-file switch (§3) in one form, and its status map (§5: the shop's status
// names and the SalesOrder status each means) with a remove button per line and a form to add one.
import type { ShopConnection } from '../../../store/shops/types.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export const SALES_ORDER_STATUSES = ['Created', 'Approved', 'Delivered', 'Cancelled'] as const;

export function shopSettings(c: ShopConnection, csrf: string): SafeHtml {
  const base = `/console/shops/${c.id}`;
  const lines = c.statusMap.map(
    (p) =>
      html`<li>${p.site} → ${p.crm} <form method="post" action="${base}/unmap-status" class="inline">${csrfField(csrf)}<input type="hidden" name="site" value="${p.site}"><button type="submit" class="secondary">Remove</button></form></li>`,
  );
  const statuses = SALES_ORDER_STATUSES.map((s) => html`<option>${s}</option>`);
  return html`<details><summary>Settings of ${c.name}</summary>
<form method="post" action="${base}/options" class="stacked">${csrfField(csrf)}
<label>Push schedule (seconds or cron; empty = hourly)<input type="text" name="pushSchedule" value="${c.pushSchedule ?? ''}"></label>
<label>Orders schedule (seconds or cron; empty = every 10 minutes)<input type="text" name="ordersSchedule" value="${c.ordersSchedule ?? ''}"></label>
<label><input type="checkbox" name="oneInitPerFile" value="on"${c.oneInitPerFile ? html` checked` : ''}> One file per session (shops such as django-cml2)</label>
<p><button type="submit">Save</button></p></form>
<h3>Status map</h3>
${lines.length === 0 ? html`<p class="muted">No statuses mapped: an order with a status not listed here fails the exchange.</p>` : html`<ul>${lines}</ul>`}
<form method="post" action="${base}/map-status" class="inline">${csrfField(csrf)}
<label>Site status<input type="text" name="site"></label>
<label>SalesOrder status<select name="crm">${statuses}</select></label>
<button type="submit">Map</button></form></details>`;
}

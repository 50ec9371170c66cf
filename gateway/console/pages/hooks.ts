// The "REST hooks" page (gateway/hooks/README.md §4): subscriptions (an admin sees everyone's, a
// user their own) with their status, the form that adds one (the secret is shown once), and the
// dead letters with a redeliver button. Secrets are never shown back.
import type { HookDelivery, HookSubscription } from '../../../store/hooks/types.js';
import { HOOK_EVENTS } from '../../../store/hooks/types.js';
import { when } from '../views/format.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export interface HooksView {
  readonly subscriptions: readonly HookSubscription[];
  readonly deadLetters: readonly HookDelivery[];
  readonly userNames: ReadonlyMap<number, string>;
  readonly isAdmin: boolean;
  readonly csrf: string;
  /** The secret of the subscription just created, shown this once. */
  readonly created: { readonly id: number; readonly secret: string } | null;
}

function post(action: string, label: string, csrf: string, cls = 'secondary'): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">${csrfField(csrf)}<button type="submit" class="${cls}">${label}</button></form>`;
}

function subscriptionRow(s: HookSubscription, v: HooksView): SafeHtml {
  const status =
    s.status === 'active'
      ? 'active'
      : html`<span class="error">disabled: ${s.disabledReason ?? ''}</span>`;
  return html`<tr><td>${s.id}</td>${v.isAdmin ? html`<td>${v.userNames.get(s.userId) ?? String(s.userId)}</td>` : ''}<td>${s.module}</td><td>${s.event}</td><td>${s.filter ?? ''}</td><td>${s.targetUrl}</td><td>${status}</td>
<td>${post(`/console/hooks/${s.id}/delete`, 'Delete', v.csrf, 'danger')}</td></tr>`;
}

function deadRow(d: HookDelivery, csrf: string): SafeHtml {
  return html`<tr><td>${d.id}</td><td>${d.subscriptionId}</td><td>${when(d.occurredAt)}</td><td>${d.attempts}</td><td>${d.lastError ?? ''}</td>
<td>${post(`/console/hooks/dead-letters/${d.id}/redeliver`, 'Redeliver', csrf)}</td></tr>`;
}

export function hooksPage(v: HooksView): SafeHtml {
  const created = v.created
    ? html`<section class="ok"><p>Subscription ${v.created.id} added. Its signing secret, shown only now: <code>${v.created.secret}</code></p></section>`
    : html``;
  const subs =
    v.subscriptions.length === 0
      ? html`<p class="muted">No subscriptions yet.</p>`
      : html`<div class="table-wrap"><table><tr><th>Id</th>${v.isAdmin ? html`<th>User</th>` : ''}<th>Module</th><th>Event</th><th>Filter</th><th>Target</th><th>Status</th><th></th></tr>${v.subscriptions.map((s) => subscriptionRow(s, v))}</table></div>`;
  const dead =
    v.deadLetters.length === 0
      ? html`<p class="muted">No dead letters.</p>`
      : html`<div class="table-wrap"><table><tr><th>Delivery</th><th>Subscription</th><th>Change</th><th>Attempts</th><th>Last error</th><th></th></tr>${v.deadLetters.map((d) => deadRow(d, v.csrf))}</table></div>`;
  const events = HOOK_EVENTS.map((e) => html`<option value="${e}">${e}</option>`);
  return html`${created}${subs}
<h2>Add a subscription</h2>
<form method="post" action="/console/hooks" class="stacked">${csrfField(v.csrf)}
<label>Target URL<input type="url" name="target_url" required placeholder="https://hooks.zapier.com/…"></label>
<label>Module<input name="module" required value="Contacts"></label>
<label>Event<select name="event">${events}</select></label>
<label>Filter (VTQL condition, optional)<input name="filter" placeholder="lastname LIKE 'A%'"></label>
<button type="submit">Add</button></form>
<h2>Dead letters</h2>
<p class="muted">Deliveries that failed for the whole retry window. Redelivering one enables its subscription again.</p>
${dead}`;
}

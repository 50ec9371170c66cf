// The "WhatsApp" page (gateway/whatsapp/README.md §1, §4): each business number with its owner,
// tickets setting, state (paused with the Cloud API's error after a revoked token), the inbox
// backlog, the latest messages with their status and errors, and a form to send a message.
// Tokens and app secrets are never shown; channels are configured from the command line.
import type { StoredMessage, WhatsAppChannel } from '../../../store/whatsapp/types.js';
import { when } from '../views/format.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export interface WhatsAppView {
  readonly channels: readonly WhatsAppChannel[];
  readonly inbox: { readonly pending: number; readonly failed: number };
  readonly messages: readonly StoredMessage[];
  readonly csrf: string;
}

function channelRow(c: WhatsAppChannel, csrf: string): SafeHtml {
  const state = c.paused
    ? html`<span class="error">paused: ${c.lastError ?? ''}</span>`
    : html`active`;
  return html`<tr><td>${c.id}</td><td>${c.phoneNumberId}</td><td>${c.wabaId}</td><td>${c.owner.kind} ${c.owner.id}</td><td>${c.tickets ? 'on' : 'off'}</td><td>${c.apiVersion}</td><td>${state}</td>
<td><form method="post" action="/console/whatsapp/${c.id}/test" class="inline">${csrfField(csrf)}<button type="submit" class="secondary">Test</button></form></td></tr>`;
}

function messageRow(m: StoredMessage): SafeHtml {
  const error = m.errorTitle
    ? html`<span class="error">${m.errorCode ?? ''} ${m.errorTitle}</span>`
    : html``;
  return html`<tr><td>${when(m.sentAt)}</td><td>${m.direction === 'in' ? '←' : '→'} +${m.waId}</td><td>${m.type}</td><td>${m.text ?? ''}</td><td>${m.status}</td><td>${error}</td></tr>`;
}

export function whatsappPage(v: WhatsAppView): SafeHtml {
  const channels =
    v.channels.length === 0
      ? html`<p class="muted">No business number yet: <code>npm run -s gateway -- whatsapp configure …</code></p>`
      : html`<div class="table-wrap"><table><tr><th>Channel</th><th>Phone number id</th><th>Account</th><th>Owner</th><th>Tickets</th><th>API</th><th>State</th><th></th></tr>${v.channels.map((c) => channelRow(c, v.csrf))}</table></div>`;
  const options = v.channels.map(
    (c) => html`<option value="${c.id}">${c.id} — ${c.phoneNumberId}</option>`,
  );
  return html`${channels}
<p>Webhook inbox: ${v.inbox.pending} waiting, ${v.inbox.failed} with an error.</p>
<h2>Latest messages</h2>
<div class="table-wrap"><table><tr><th>Time</th><th>Customer</th><th>Type</th><th>Text</th><th>Status</th><th>Error</th></tr>${v.messages.map(messageRow)}</table></div>
<h2>Send a message</h2>
<p class="muted">Free text only within 24 hours of the customer's last message; otherwise an approved template.</p>
<form method="post" action="/console/whatsapp/send" class="stacked">${csrfField(v.csrf)}
<label>Channel<select name="channelId">${options}</select></label>
<label>To<input name="to" placeholder="+5511987654321" required></label>
<label>Text<textarea name="text"></textarea></label>
<label>Or template<input name="template" placeholder="order_ready"></label>
<label>Language<input name="language" placeholder="en_US"></label>
<label>Parameters (one per line)<textarea name="params"></textarea></label>
<button type="submit">Send</button></form>`;
}

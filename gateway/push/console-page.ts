// "Notifications" on every user's own console page (gateway/push/README.md §6): turn on Web Push
// on this device (assets/push.js registers the service worker and calls PushManager.subscribe
// with the VAPID key, W3C Push API §3.2), the user's devices, and the switches and hours of §4.
import { csrfField } from '../console/views/layout.js';
import { html, type SafeHtml } from '../console/views/html.js';
import type { PushPreferences, PushSubscriptionInfo } from '../../store/push/types.js';
import { IDLE_MINUTES, PUSH_KINDS, type PushKind } from '../../store/push/types.js';

const KIND_LABELS: Record<PushKind, string> = {
  reminder: 'Event and task reminders',
  assigned: 'Records assigned to me',
  ticket: 'New tickets and ticket replies',
  whatsapp: 'WhatsApp messages on my tickets',
  failure: 'Failing exchanges and jobs (admins)',
  security: 'Security notices (always urgent)',
};
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface NotificationsView {
  readonly publicKey: string;
  readonly subjectSet: boolean;
  readonly devices: readonly PushSubscriptionInfo[];
  readonly preferences: PushPreferences;
  readonly timeZone: string;
  readonly csrf: string;
}

function checked(on: boolean): SafeHtml {
  return on ? html` checked` : html``;
}

function device(view: NotificationsView, d: PushSubscriptionInfo): SafeHtml {
  return html`<tr data-device="${String(d.id)}"><td>${new URL(d.endpoint).host}</td><td>${d.createdAt.slice(0, 16)}</td><td>${d.lastSuccessAt?.slice(0, 16) ?? 'never'}</td>
<td><form method="post" action="/console/notifications/devices/${String(d.id)}/remove" class="inline">${csrfField(view.csrf)}<button type="submit" class="secondary">Remove</button></form></td></tr>`;
}

function preferencesForm(view: NotificationsView): SafeHtml {
  const p = view.preferences;
  const s = p.schedule;
  return html`<form method="post" action="/console/notifications/preferences" class="card">${csrfField(view.csrf)}
<h2>What and when</h2>
<fieldset><legend>Notify me about</legend>${PUSH_KINDS.map(
    (k) =>
      html`<label><input type="checkbox" name="kind_${k}" value="1"${checked(p.kinds[k])}> ${KIND_LABELS[k]}</label>`,
  )}</fieldset>
<fieldset><legend>Schedule (${view.timeZone})</legend>
<label><input type="radio" name="schedule" value="always"${checked(s === null)}> Always</label>
<label><input type="radio" name="schedule" value="hours"${checked(s !== null)}> Only on</label>
${DAYS.map((d, i) => html`<label><input type="checkbox" name="day_${String(i)}" value="1"${checked(s?.days.includes(i) ?? (i > 0 && i < 6))}> ${d}</label>`)}
<label>from <input type="time" name="schedule_from" value="${s?.from ?? '08:00'}"></label>
<label>to <input type="time" name="schedule_to" value="${s?.to ?? '18:00'}"></label></fieldset>
<fieldset><legend>Quiet hours (held, dropped when stale)</legend>
<label><input type="checkbox" name="quiet" value="1"${checked(p.quiet !== null)}> Quiet</label>
<label>from <input type="time" name="quiet_from" value="${p.quiet?.from ?? '22:00'}"></label>
<label>to <input type="time" name="quiet_to" value="${p.quiet?.to ?? '07:00'}"></label></fieldset>
<label>Hold while I am active in another client for
<select name="idle">${IDLE_MINUTES.map((m) => html`<option value="${String(m)}"${m === p.idleMinutes ? html` selected` : html``}>${m === 0 ? 'never' : `${String(m)} minutes`}</option>`)}</select></label>
<p><button type="submit">Save</button></p></form>`;
}

export function notificationsPage(view: NotificationsView): SafeHtml {
  return html`<section class="card" id="push-device" data-key="${view.publicKey}" data-csrf="${view.csrf}">
<h2>This device</h2>
${view.subjectSet ? '' : html`<p class="muted">An administrator has not set the Web Push contact yet (<code>push subject --set</code>): devices can subscribe, but nothing is sent until then.</p>`}
<p id="push-status">Notifications need JavaScript and a browser with Web Push.</p>
<p><button type="button" id="push-enable">Turn on notifications on this device</button></p></section>
<section class="card"><h2>My devices</h2>
${
  view.devices.length === 0
    ? html`<p class="muted">No device gets notifications yet.</p>`
    : html`<table><thead><tr><th>Push service</th><th>Added</th><th>Last delivery</th><th></th></tr></thead><tbody>${view.devices.map((d) => device(view, d))}</tbody></table>`
}</section>
${preferencesForm(view)}
<script src="/console/assets/push.js" defer></script>`;
}

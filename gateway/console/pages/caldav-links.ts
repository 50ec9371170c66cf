// The "Calendar links" page: each CRM user's link to an online calendar with its health
// (last sync, last error, counts, backoff), the connection test's findings, and the form that adds
// a link of one of the three kinds. Secrets are typed in, never shown back.
import type { CaldavLink } from '../../../store/caldav-links/link-types.js';
import type { User } from '../../../store/types.js';
import type { TestReport } from '../../caldav-bridge/service.js';
import { when } from '../views/format.js';
import { linkAction, linkCounts, linkStatus } from '../views/link-status.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export interface CalendarLinksView {
  readonly links: readonly CaldavLink[];
  readonly users: readonly User[];
  readonly csrf: string;
  readonly report: { readonly id: number; readonly result: TestReport } | null;
}

function row(link: CaldavLink, users: ReadonlyMap<number, string>, csrf: string): SafeHtml {
  const status = linkStatus(link);
  const action = linkAction('/console/caldav-links', link, csrf);
  return html`<tr><td>${link.id}</td><td>${users.get(link.userId) ?? String(link.userId)}</td><td>${link.kind}</td><td>${link.calendarUrl ?? link.url}</td>
<td>${when(link.lastSyncAt)}</td><td>${status}</td><td>${linkCounts(link)}</td>
<td>${link.kind === 'caldav' ? '' : html`${action('authorize', 'Authorise')} `}${action('test', 'Test')} ${action('sync', 'Sync now')} ${action('delete', 'Delete', 'danger', 'Delete this link? CRM records and remote events stay where they are.')}</td></tr>`;
}

function reportBlock(report: CalendarLinksView['report']): SafeHtml {
  if (!report) return html``;
  const r = report.result;
  const cals = r.calendars.map(
    (c) =>
      html`<li>${c.name} — ${c.url}: ${c.linkable ? 'can be linked' : (c.reason ?? 'cannot be linked')}</li>`,
  );
  return html`<section class="${r.ok ? 'ok' : 'error'}"><h2>Connection test of link ${report.id}</h2><p>${r.message}</p>
${r.principal ? html`<p>Principal: ${r.principal}</p>` : ''}${r.home ? html`<p>Calendar home: ${r.home}</p>` : ''}<ul>${cals}</ul></section>`;
}

export function calendarLinksPage(v: CalendarLinksView): SafeHtml {
  const names = new Map(v.users.map((u) => [u.id, u.userName]));
  const table =
    v.links.length === 0
      ? html`<p class="muted">No calendar links yet.</p>`
      : html`<div class="table-wrap"><table><tr><th>Link</th><th>CRM user</th><th>Kind</th><th>Calendar</th><th>Last sync</th><th>Status</th><th>Last counts</th><th></th></tr>${v.links.map((l) => row(l, names, v.csrf))}</table></div>`;
  const userOptions = v.users.map((u) => html`<option value="${u.id}">${u.userName}</option>`);
  return html`${reportBlock(v.report)}${table}
<h2>Add a link</h2>
<form method="post" action="/console/caldav-links" class="stacked">${csrfField(v.csrf)}
<label>CRM user<select name="userId">${userOptions}</select></label>
<label>Kind<select name="kind"><option value="caldav">CalDAV (Nextcloud, ownCloud, Radicale)</option><option value="oauth">OAuth 2.0 (generic)</option><option value="google">Google Calendar</option></select></label>
<label>CalDAV URL<input type="url" name="url" placeholder="https://cloud.example.com/remote.php/dav/"></label>
<label>Calendar URL (optional)<input type="url" name="calendarUrl"></label>
<fieldset><legend>CalDAV</legend><label>User name<input type="text" name="username" autocomplete="off"></label>
<label>Password<input type="password" name="password" autocomplete="new-password"></label></fieldset>
<fieldset><legend>OAuth 2.0 / Google</legend><label>Google account e-mail<input type="email" name="accountEmail"></label>
<label>Authorization URL<input type="url" name="authUrl"></label><label>Token URL<input type="url" name="tokenUrl"></label>
<label>Client id<input type="text" name="clientId" autocomplete="off"></label><label>Client secret<input type="password" name="clientSecret" autocomplete="new-password"></label>
<label>Scopes<input type="text" name="scopes"></label><label>Refresh token<input type="password" name="refreshToken" autocomplete="off"></label></fieldset>
<p><button type="submit">Add link</button></p></form>`;
}

// The "Contact links" page: each CRM user's link to a remote address book with its direction and
// health (last sync, last error, counts, backoff), the connection test's findings, the field
// mapping the bridge syncs (sync/providers/carddav/README.md), and the form that adds a link: a
// CardDAV server with user name and password, or Google Contacts with its OAuth client (authorised
// from here, as Google calendar links are), carrying the user's contacts or a chosen group's.
// Secrets are typed in, never shown back.
import type { CarddavLink } from '../../../store/carddav-links/link-repository.js';
import type { Group, User } from '../../../store/types.js';
import type { CardTestReport } from '../../carddav-bridge/service.js';
import { when } from '../views/format.js';
import { linkAction, linkCounts, linkStatus } from '../views/link-status.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export interface ContactLinksView {
  readonly links: readonly CarddavLink[];
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly csrf: string;
  readonly report: { readonly id: number; readonly result: CardTestReport } | null;
}

/** CRM Contact field → vCard property, as formats/vcard/contact-fields.ts maps them. */
export const FIELD_MAPPING: ReadonlyArray<readonly [string, string]> = [
  ['First name, last name', 'N (given, family); FN when written'],
  ['Organization (the account; a missing one is created on pull)', 'ORG (name)'],
  ['Department', 'ORG (unit)'],
  ['Title', 'TITLE'],
  ['E-mail, secondary e-mail', 'EMAIL (first, second)'],
  [
    'Office phone, mobile, home phone, fax, other phone',
    'TEL (work voice, cell, home, fax, other)',
  ],
  ['Birthday', 'BDAY'],
  ['Description', 'NOTE'],
  ['Mailing address, other address', 'ADR (work, home)'],
];

const DIRECTION_LABEL: Readonly<Record<CarddavLink['direction'], string>> = {
  both: 'both ways',
  'to-remote': 'CRM → address book',
  'from-remote': 'address book → CRM',
};

/** Which contacts the link carries, in words. */
function carried(
  link: CarddavLink,
  users: ReadonlyMap<number, string>,
  groups: ReadonlyMap<number, string>,
): string {
  if (link.groupId === null)
    return `assigned to ${users.get(link.userId) ?? `user ${link.userId}`}`;
  return `of group ${groups.get(link.groupId) ?? String(link.groupId)}`;
}

interface Names {
  readonly users: ReadonlyMap<number, string>;
  readonly groups: ReadonlyMap<number, string>;
}

function row(link: CarddavLink, names: Names, csrf: string): SafeHtml {
  const users = names.users;
  const status = linkStatus(link);
  const action = linkAction('/console/carddav-links', link, csrf);
  const kind = link.kind === 'google' ? `Google (${link.accountEmail ?? ''})` : 'CardDAV';
  return html`<tr><td>${link.id}</td><td>${users.get(link.userId) ?? String(link.userId)}</td><td>${kind}</td><td>${carried(link, users, names.groups)}</td><td>${link.direction} <span class="muted">(${DIRECTION_LABEL[link.direction]})</span></td><td>${link.bookUrl ?? link.url}</td>
<td>${when(link.lastSyncAt)}</td><td>${status}</td><td>${linkCounts(link)}</td>
<td>${link.kind === 'google' ? html`${action('authorize', 'Authorise')} ` : ''}${action('test', 'Test')} ${action('sync', 'Sync now')} ${action('delete', 'Delete', 'danger', 'Delete this link? CRM contacts and remote cards stay where they are.')}</td></tr>`;
}

function reportBlock(report: ContactLinksView['report']): SafeHtml {
  if (!report) return html``;
  const r = report.result;
  const books = r.addressBooks.map(
    (b) =>
      html`<li>${b.name} — ${b.url}${b.syncToken ? '' : ' (no sync-collection: listed whole each sync)'}</li>`,
  );
  return html`<section class="${r.ok ? 'ok' : 'error'}"><h2>Connection test of link ${report.id}</h2><p>${r.message}</p><ul>${books}</ul></section>`;
}

export function contactLinksPage(v: ContactLinksView): SafeHtml {
  const names = {
    users: new Map(v.users.map((u) => [u.id, u.userName])),
    groups: new Map(v.groups.map((g) => [g.id, g.name])),
  };
  const table =
    v.links.length === 0
      ? html`<p class="muted">No contact links yet.</p>`
      : html`<div class="table-wrap"><table><tr><th>Link</th><th>CRM user</th><th>Kind</th><th>Contacts</th><th>Direction</th><th>Address book</th><th>Last sync</th><th>Status</th><th>Last counts</th><th></th></tr>${v.links.map((l) => row(l, names, v.csrf))}</table></div>`;
  const mapping = FIELD_MAPPING.map(
    ([crm, card]) => html`<tr><td>${crm}</td><td>${card}</td></tr>`,
  );
  const userOptions = v.users.map((u) => html`<option value="${u.id}">${u.userName}</option>`);
  const groupOptions = v.groups.map(
    (g) => html`<option value="${g.id}">the contacts of group ${g.name}</option>`,
  );
  return html`${reportBlock(v.report)}${table}
<h2>Field mapping</h2>
<p class="muted">The remote card is patched, not rebuilt: its photo, labels, categories and other properties stay.</p>
<div class="table-wrap"><table><tr><th>CRM contact</th><th>vCard</th></tr>${mapping}</table></div>
<h2>Add a link</h2>
<form method="post" action="/console/carddav-links" class="stacked">${csrfField(v.csrf)}
<label>CRM user<select name="userId">${userOptions}</select></label>
<label>Which contacts go<select name="groupId"><option value="">the contacts assigned to the user</option>${groupOptions}</select></label>
<label>Kind<select name="kind"><option value="carddav">CardDAV (Nextcloud, ownCloud, Radicale, iCloud)</option><option value="google">Google Contacts</option></select></label>
<label>CardDAV URL (for Google: optional, else Google's)<input type="url" name="url" placeholder="https://cloud.example.com/remote.php/dav/"></label>
<label>Address book URL (optional)<input type="url" name="bookUrl"></label>
<fieldset><legend>CardDAV</legend><label>User name<input type="text" name="username" autocomplete="off"></label>
<label>Password<input type="password" name="password" autocomplete="new-password"></label></fieldset>
<fieldset><legend>Google Contacts (OAuth 2.0)</legend><label>Google account e-mail<input type="email" name="accountEmail"></label>
<label>Client id<input type="text" name="clientId" autocomplete="off"></label><label>Client secret<input type="password" name="clientSecret" autocomplete="new-password"></label>
<label>Refresh token (optional: else use Authorise once the link is added)<input type="password" name="refreshToken" autocomplete="off"></label>
<label>Authorization URL (optional)<input type="url" name="authUrl"></label><label>Token URL (optional)<input type="url" name="tokenUrl"></label></fieldset>
<label>Direction<select name="direction"><option value="both">Both ways</option><option value="to-remote">CRM → address book</option><option value="from-remote">Address book → CRM</option></select></label>
<p><button type="submit">Add link</button></p></form>`;
}

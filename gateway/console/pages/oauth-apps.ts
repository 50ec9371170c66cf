// "External applications": the global switches, the list of applications with their
// status and token counts, and the first step of the wizard (what kind of application).
import type { ClientStats, ClientType, OAuthClient } from '../../../store/oauth/types.js';
import type { OAuthSettings } from '../../oauth/settings.js';
import { scopeLabel } from '../../oauth/scopes.js';
import { when } from '../views/format.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export interface AppSummary {
  readonly client: OAuthClient;
  readonly stats: ClientStats;
  readonly userName: string;
}

export const TYPE_LABELS: Readonly<Record<ClientType, string>> = {
  service: 'Service account',
  web: 'Web application',
  native: 'Native or single-page app',
};

function settingsForm(settings: OAuthSettings, csrf: string): SafeHtml {
  const check = (name: string, label: string, on: boolean): SafeHtml =>
    html`<label class="check"><input type="checkbox" name="${name}" value="1"${on ? html` checked` : ''}> ${label}</label>`;
  return html`<form method="post" action="/console/oauth-apps/settings" class="form" data-form="oauth-settings">${csrfField(csrf)}
${check('enabled', 'OAuth2 enabled (the authorization server answers)', settings.enabled)}
${check('users_manage_secrets', 'Non-admin users may view and renew the credentials of applications linked to them', settings.usersManageSecrets)}
${check('allow_admin_users', 'Applications may act as administrator users', settings.allowAdminUsers)}
<label>Notice on every consent page<textarea name="consent_notice" rows="2" maxlength="1000">${settings.consentNotice}</textarea></label>
<button type="submit">Save switches</button></form>`;
}

function row(s: AppSummary): SafeHtml {
  const c = s.client;
  return html`<tr data-app="${c.id}"><td><a href="/console/oauth-apps/${c.id}">${c.name}</a></td><td>${TYPE_LABELS[c.type]}</td><td><code>${c.id}</code></td>
<td data-field="status" class="${c.active ? 'good' : 'muted'}">${c.active ? 'active' : 'inactive'}</td><td>${scopeLabel(c.scope)}</td><td>${s.userName}</td>
<td data-field="active-tokens">${s.stats.activeAccessTokens}</td><td data-field="refresh-tokens">${s.stats.activeRefreshTokens}</td>
<td data-field="expired-tokens">${s.stats.expiredAccessTokens}</td><td>${when(s.stats.lastIssuedAt)}</td></tr>`;
}

export function oauthAppsPage(
  apps: readonly AppSummary[],
  settings: OAuthSettings,
  issuer: string,
  csrf: string,
): SafeHtml {
  const table = apps.length
    ? html`<div class="table-wrap"><table><tr><th>Application</th><th>Type</th><th>Client ID</th><th>Status</th><th>Scope</th><th>User</th><th>Live tokens</th><th>Refresh tokens</th><th>Expired tokens</th><th>Last token</th></tr>${apps.map(row)}</table></div>`
    : html`<p class="muted">No applications yet.</p>`;
  return html`<p class="muted">Issuer <code>${issuer}</code> — metadata at <code>${issuer}/.well-known/oauth-authorization-server</code></p>
${table}<p><a class="button" href="/console/oauth-apps/new">Add application</a></p><h2>Switches</h2>${settingsForm(settings, csrf)}`;
}

/** Wizard step 1: the client type, then (web or mobile) the application type. */
export function appTypePage(): SafeHtml {
  return html`<div class="cards"><div class="card"><h2>Service account</h2><p class="muted">A server (ERP, shop back-end, automation) acting as one CRM user with the client credentials grant.</p>
<p><a href="/console/oauth-apps/new?type=service" data-type="service">Service account</a></p></div>
<div class="card"><h2>Web or mobile application</h2><p class="muted">Users log in here and approve access (authorization code with PKCE).</p>
<p><a href="/console/oauth-apps/new?type=web" data-type="web">Web application</a> — runs on a server, keeps a secret (confidential).</p>
<p><a href="/console/oauth-apps/new?type=native" data-type="native">Native or single-page app</a> — cannot keep a secret (public, PKCE required).</p></div></div>`;
}

// "Linked applications" on every user's own page: the applications the user
// authorized or is associated with, their configuration read-only (admins get a link to edit),
// the user's live tokens, and revoke. When the admin allows it, the user may renew the
// credentials of applications associated with them (shown once).
import type { OAuthClient, TokenScope } from '../../../store/oauth/types.js';
import type { AppCredentials } from '../../oauth/registration.js';
import { scopeLabel } from '../../oauth/scopes.js';
import { when } from '../views/format.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';
import { credentialsPanel } from './oauth-credentials.js';
import { TYPE_LABELS } from './oauth-apps.js';

export interface LinkedApp {
  readonly client: OAuthClient;
  readonly associated: boolean;
  readonly consentScope: TokenScope | null;
  readonly grantedAt: string | null;
  readonly liveTokens: number;
}

export interface LinkedAppsView {
  readonly apps: readonly LinkedApp[];
  readonly isAdmin: boolean;
  readonly manageSecrets: boolean;
  readonly csrf: string;
  readonly issued?: { readonly client: OAuthClient; readonly credentials: AppCredentials } | null;
}

function post(
  view: LinkedAppsView,
  c: OAuthClient,
  verb: string,
  label: string,
  confirm: string,
): SafeHtml {
  return html`<form method="post" action="/console/linked-apps/${c.id}/${verb}" class="inline" data-confirm="${confirm}">${csrfField(view.csrf)}<button type="submit" class="secondary">${label}</button></form>`;
}

function card(view: LinkedAppsView, app: LinkedApp): SafeHtml {
  const c = app.client;
  const renew = app.associated && (view.manageSecrets || view.isAdmin) && c.authMethod !== 'none';
  return html`<section class="card" data-linked-app="${c.id}"><h2>${c.name}</h2>${c.description ? html`<p>${c.description}</p>` : ''}
<dl><dt>Type</dt><dd>${TYPE_LABELS[c.type]}${c.active ? '' : html` <span class="muted">(inactive)</span>`}</dd>
<dt>Client ID</dt><dd><code>${c.id}</code></dd><dt>Scope</dt><dd>${scopeLabel(c.scope)}</dd>
${c.redirectUris.length ? html`<dt>Redirect URLs</dt><dd>${c.redirectUris.map((u) => html`<div><code>${u}</code></div>`)}</dd>` : ''}
<dt>Offline access</dt><dd>${c.offlineAccess ? 'yes' : 'no'}</dd>
<dt>Your link</dt><dd>${app.associated ? 'associated with you' : ''}${app.associated && app.consentScope ? '; ' : ''}${app.consentScope ? `you authorized ${scopeLabel(app.consentScope)} access on ${when(app.grantedAt)}` : ''}</dd>
<dt>Your live tokens</dt><dd data-field="live-tokens">${app.liveTokens}</dd></dl>
<p>${post(view, c, 'revoke', 'Revoke access', `Revoke ${c.name}'s access to your account?`)}
${renew ? post(view, c, 'credentials', c.authMethod === 'private_key_jwt' ? 'New key pair' : 'New secret', 'Issue new credentials? A new secret replaces the old one at once.') : ''}
${view.isAdmin ? html` <a href="/console/oauth-apps/${c.id}">Edit</a>` : ''}</p></section>`;
}

export function linkedAppsPage(view: LinkedAppsView): SafeHtml {
  const issued = view.issued ? credentialsPanel(view.issued.client, view.issued.credentials) : '';
  if (view.apps.length === 0)
    return html`${issued}<p class="muted">No applications are linked to your account.</p>`;
  return html`${issued}<div class="cards linked-apps">${view.apps.map((a) => card(view, a))}</div>`;
}

// One application's page: its configuration and counts, the edit form, its keys, and
// the actions: deactivate or activate, revoke all tokens, delete expired tokens, new secret or
// key, remove. Freshly issued credentials are shown on top, once.
import type { ClientKey, ClientStats, OAuthClient } from '../../../store/oauth/types.js';
import type { AppCredentials } from '../../oauth/registration.js';
import { when } from '../views/format.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';
import { appFormPage, type AppFormInput } from './oauth-app-form.js';
import { credentialsPanel } from './oauth-credentials.js';

export interface AppPageInput extends AppFormInput {
  readonly client: OAuthClient;
  readonly stats: ClientStats;
  readonly keys: readonly ClientKey[];
  readonly credentials: AppCredentials | null;
}

function action(
  c: OAuthClient,
  csrf: string,
  verb: string,
  label: string,
  extra: SafeHtml | string = '',
  confirm = '',
): SafeHtml {
  return html`<form method="post" action="/console/oauth-apps/${c.id}/${verb}" class="inline"${confirm ? html` data-confirm="${confirm}"` : ''}>${csrfField(csrf)}${extra}
<button type="submit" class="${verb === 'remove' ? 'danger' : 'secondary'}">${label}</button></form>`;
}

function actions(input: AppPageInput): SafeHtml {
  const c = input.client;
  const renew =
    c.authMethod === 'private_key_jwt'
      ? 'Generate new key pair'
      : c.authMethod === 'client_secret'
        ? 'Generate new secret'
        : '';
  return html`<p class="actions">
${action(c, input.csrf, 'active', c.active ? 'Deactivate' : 'Activate', html`<input type="hidden" name="active" value="${c.active ? '0' : '1'}">`)}
${action(c, input.csrf, 'revoke-tokens', 'Revoke all tokens', '', 'Revoke every token of this application?')}
${action(c, input.csrf, 'expired', 'Delete expired tokens')}
${renew ? action(c, input.csrf, 'credentials', renew, '', c.authMethod === 'client_secret' ? 'The old secret stops working at once. Continue?' : '') : ''}
${action(c, input.csrf, 'remove', 'Remove application', '', 'Remove this application and all its tokens?')}</p>`;
}

function keyList(keys: readonly ClientKey[]): SafeHtml | string {
  if (keys.length === 0) return '';
  return html`<h2>Public keys</h2><ul>${keys.map((k) => html`<li><code>${k.kid}</code> ${k.alg}, added ${when(k.createdAt)}</li>`)}</ul>`;
}

export function appPage(input: AppPageInput): SafeHtml {
  const { client: c, stats } = input;
  return html`${input.credentials ? credentialsPanel(c, input.credentials) : ''}
<p>Client ID <code data-client-id>${c.id}</code> · <span data-field="status" class="${c.active ? 'good' : 'muted'}">${c.active ? 'active' : 'inactive'}</span> ·
authentication <code>${c.authMethod}</code></p>
<p data-field="counts">${stats.activeAccessTokens} live access tokens, ${stats.activeRefreshTokens} refresh tokens, ${stats.expiredAccessTokens} expired tokens, ${stats.users} users; last token ${when(stats.lastIssuedAt)}</p>
${actions(input)}${keyList(input.keys)}<h2>Settings</h2>${appFormPage(input)}`;
}

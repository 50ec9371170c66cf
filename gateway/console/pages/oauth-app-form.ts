// Wizard step 2 and the edit form of an application: name, description, icon, scope,
// exact redirect URLs, offline access, the associated user, access for all or selected users
// and groups, and — when creating a service account or web application — the secret type.
import type { ClientType, OAuthClient } from '../../../store/oauth/types.js';
import type { Group, User } from '../../../store/types.js';
import { SCOPE_CHOICES, scopeLabel } from '../../oauth/scopes.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';
import { TYPE_LABELS } from './oauth-apps.js';

export interface AppFormInput {
  readonly type: ClientType;
  readonly client: OAuthClient | null;
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly csrf: string;
}

const checked = (on: boolean): SafeHtml | string => (on ? html` checked` : '');

function userSelect(input: AppFormInput): SafeHtml {
  const current = input.client?.userId;
  const options = input.users
    .filter((u) => u.status === 'Active' || u.id === current)
    .map(
      (u) =>
        html`<option value="${u.id}"${u.id === current ? html` selected` : ''}>${u.userName}${u.isAdmin ? ' (admin)' : ''}</option>`,
    );
  const label =
    input.type === 'service'
      ? 'Runs as user (its visibility applies)'
      : 'Associated user (owner of the application)';
  return html`<label>${label}<select name="user_id" required>${options}</select></label>`;
}

function accessFields(input: AppFormInput): SafeHtml | string {
  if (input.type === 'service') return '';
  const c = input.client;
  const users = input.users.map(
    (u) =>
      html`<label class="check"><input type="checkbox" name="allowed_user" value="${u.id}"${checked(c?.allowedUserIds.includes(u.id) ?? false)}> ${u.userName}</label>`,
  );
  const groups = input.groups.map(
    (g) =>
      html`<label class="check"><input type="checkbox" name="allowed_group" value="${g.id}"${checked(c?.allowedGroupIds.includes(g.id) ?? false)}> ${g.name}</label>`,
  );
  return html`<label>Redirect URLs (one per line, matched exactly)<textarea name="redirect_uris" rows="3" required>${(c?.redirectUris ?? []).join('\n')}</textarea></label>
<label class="check"><input type="checkbox" name="offline_access" value="1"${checked(c?.offlineAccess ?? false)}> Offline access (refresh tokens, rotated on each use)</label>
<fieldset><legend>Who may authorize it</legend>
<label class="check"><input type="radio" name="restricted" value="0"${checked(!(c?.restricted ?? false))}> All users</label>
<label class="check"><input type="radio" name="restricted" value="1"${checked(c?.restricted ?? false)}> Only these users and groups:</label>
${users}${groups.length ? groups : ''}</fieldset>`;
}

function secretTypeFields(input: AppFormInput): SafeHtml | string {
  if (input.client || input.type === 'native') return '';
  return html`<fieldset><legend>Secret type</legend>
<label class="check"><input type="radio" name="secret_type" value="secret" checked> Client secret (generated, shown once, stored hashed)</label>
<label class="check"><input type="radio" name="secret_type" value="jwt"> JWT signed key (a key pair is generated; the private key is shown once as PEM and JWK)</label></fieldset>`;
}

export function appFormPage(input: AppFormInput): SafeHtml {
  const c = input.client;
  const action = c ? `/console/oauth-apps/${c.id}` : '/console/oauth-apps';
  const scopes = SCOPE_CHOICES.map(
    (s) =>
      html`<option value="${s}"${(c?.scope ?? 'read') === s ? html` selected` : ''}>${scopeLabel(s)}</option>`,
  );
  return html`<form method="post" action="${action}" class="form" data-form="oauth-app">${csrfField(input.csrf)}
<input type="hidden" name="type" value="${input.type}"><p>Type: <strong>${TYPE_LABELS[input.type]}</strong></p>
<label>Name<input type="text" name="name" value="${c?.name ?? ''}" required maxlength="100"></label>
<label>Description (shown on the consent page)<textarea name="description" rows="2" maxlength="1000">${c?.description ?? ''}</textarea></label>
<label>Icon URL (https or data:image, shown on the consent page)<input type="text" name="icon_url" value="${c?.iconUrl ?? ''}"></label>
<label>Scope<select name="scope">${scopes}</select></label>
${userSelect(input)}${accessFields(input)}${secretTypeFields(input)}
<button type="submit">${c ? 'Save application' : 'Create application'}</button></form>`;
}

import type { Role } from '../../../store/roles/role-repository.js';
import type { Group, User, UserDetails } from '../../../store/types.js';
import { html, type SafeHtml } from '../views/html.js';
import { when } from '../views/format.js';
import { csrfField } from '../views/layout.js';

function groupNames(user: User, groups: readonly Group[]): string {
  return groups
    .filter((g) => g.memberIds.includes(user.id))
    .map((g) => g.name)
    .join(', ');
}

function roleName(user: User, roles: readonly Role[]): string {
  return roles.find((r) => r.id === user.roleId)?.name ?? '';
}

export function usersPage(
  users: readonly User[],
  groups: readonly Group[],
  csrf: string,
  roles: readonly Role[] = [],
): SafeHtml {
  const rows = users.map(
    (
      u,
    ) => html`<tr data-user="${u.userName}"><td><a href="/console/users/${u.id}">${u.userName}</a></td><td>${[u.firstName, u.lastName].filter(Boolean).join(' ')}</td>
<td>${u.email ?? ''}</td><td>${u.isAdmin ? 'admin' : ''}</td><td class="${u.status === 'Active' ? 'good' : 'muted'}">${u.status}</td><td>${u.authSource}</td>
<td>${groupNames(u, groups)}</td><td>${u.isAdmin ? 'unrestricted' : roleName(u, roles)}</td><td>${when(u.lastLoginAt)}</td></tr>`,
  );
  const groupRows = groups.map(
    (g) =>
      html`<tr><td>${g.name}</td><td>${g.description ?? ''}</td><td>${users
        .filter((u) => g.memberIds.includes(u.id))
        .map((u) => u.userName)
        .join(', ')}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><tr><th>User</th><th>Name</th><th>E-mail</th><th>Role</th><th>Status</th><th>Login</th><th>Groups</th><th>Access role</th><th>Last login</th></tr>${rows}</table></div>
<h2>New user</h2><form method="post" action="/console/users" class="form">${csrfField(csrf)}
<label>User name<input type="text" name="username" required pattern="[A-Za-z0-9._@-]{1,64}"></label>
<label>First name<input type="text" name="first_name"></label><label>Last name<input type="text" name="last_name" required></label>
<label>E-mail<input type="email" name="email"></label><label>Password<input type="password" name="password" required minlength="8" autocomplete="new-password"></label>
<label>Access role<select name="role">${roles.map((r) => html`<option value="${r.id}"${r.name === 'Default' ? html` selected` : ''}>${r.name}</option>`)}</select></label>
<label class="check"><input type="checkbox" name="is_admin" value="1"> Administrator</label><button type="submit">Create user</button></form>
<h2>Groups</h2>${groups.length ? html`<div class="table-wrap"><table><tr><th>Group</th><th>Description</th><th>Members</th></tr>${groupRows}</table></div>` : html`<p class="muted">No groups yet.</p>`}
<form method="post" action="/console/groups" class="form">${csrfField(csrf)}<label>Group name<input type="text" name="name" required maxlength="100"></label>
<label>Description<input type="text" name="description"></label><button type="submit">Create group</button></form>`;
}

/** vtiger's descriptive user fields (store/users/user-details.ts), as form fields. */
const DETAIL_INPUTS: readonly [keyof UserDetails, string, string, number][] = [
  ['title', 'title', 'Title', 100],
  ['department', 'department', 'Department', 100],
  ['phoneWork', 'phone_work', 'Office phone', 50],
  ['phoneMobile', 'phone_mobile', 'Mobile', 50],
  ['phoneHome', 'phone_home', 'Home phone', 50],
  ['phoneOther', 'phone_other', 'Other phone', 50],
  ['phoneFax', 'phone_fax', 'Fax', 50],
];

export const USER_DETAIL_FIELDS: readonly [keyof UserDetails, string][] = DETAIL_INPUTS.map(
  ([key, name]) => [key, name],
);

function detailInputs(user: User): SafeHtml[] {
  return DETAIL_INPUTS.map(
    ([key, name, label, max]) =>
      html`<label>${label}<input type="${name.startsWith('phone') ? 'tel' : 'text'}" name="${name}" maxlength="${String(max)}" value="${user.details?.[key] ?? ''}"></label>`,
  );
}

function roleSelect(user: User, roles: readonly Role[]): SafeHtml {
  const options = roles.map(
    (r) =>
      html`<option value="${r.id}"${r.id === user.roleId ? html` selected` : ''}>${r.name}</option>`,
  );
  return html`<label>Role<select name="role">${user.roleId == null ? html`<option value="" selected>(none: unrestricted)</option>` : ''}${options}</select></label>`;
}

export function userPage(
  user: User,
  groups: readonly Group[],
  csrf: string,
  secret: string | null = null,
  roles: readonly Role[] = [],
): SafeHtml {
  const checks = groups.map(
    (g) =>
      html`<label class="check"><input type="checkbox" name="group" value="${g.id}"${g.memberIds.includes(user.id) ? html` checked` : ''}> ${g.name}</label>`,
  );
  const shown = secret
    ? html`<p>New access key for ${user.userName} (shown once, copy it now):</p><p class="secret" data-secret>${secret}</p>`
    : '';
  return html`${shown}<form method="post" action="/console/users/${user.id}" class="form">${csrfField(csrf)}
<p class="muted">Login: ${user.authSource === 'ldap' ? 'directory (name, e-mail and groups are refreshed from the directory at login)' : 'local password'}</p>
<label>First name<input type="text" name="first_name" value="${user.firstName ?? ''}"></label>
<label>Last name<input type="text" name="last_name" value="${user.lastName}" required></label>
<label>E-mail<input type="email" name="email" value="${user.email ?? ''}"></label>
<label>Time zone<input type="text" name="time_zone" value="${user.timeZone}"></label>
${detailInputs(user)}
${roleSelect(user, roles)}
<label class="check"><input type="checkbox" name="is_admin" value="1"${user.isAdmin ? html` checked` : ''}> Administrator</label>
<label class="check"><input type="checkbox" name="active" value="1"${user.status === 'Active' ? html` checked` : ''}> Active</label>
<fieldset><legend>Groups</legend>${checks.length ? checks : html`<span class="muted">No groups.</span>`}</fieldset>
<button type="submit">Save</button></form>
${
  user.authSource === 'local'
    ? html`<h2>Reset password</h2><form method="post" action="/console/users/${user.id}/password" class="form">${csrfField(csrf)}
<label>New password<input type="password" name="password" required minlength="8" autocomplete="new-password"></label><button type="submit">Set password</button></form>`
    : ''
}
<h2>Access key</h2><form method="post" action="/console/users/${user.id}/access-key" class="form" data-confirm="Regenerate the access key? Integrations using the old key stop working.">${csrfField(csrf)}
<p class="muted">Used by webservice clients (vtiger login, vtenext Basic auth). The new key is shown once.</p><button type="submit" class="secondary">Regenerate access key</button></form>`;
}

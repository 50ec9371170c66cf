// The "Roles & profiles" page (gateway/console/README.md, README.md "### Roles and profiles"):
// roles as a tree with their profiles and users, profiles with their rights, and the forms that
// create and edit them. Rights are a module × right grid; `*` is every module not listed.
import { ANY_MODULE, RIGHTS, type RightsTable } from '../../../store/roles/rights.js';
import type { Profile, Role } from '../../../store/roles/role-repository.js';
import { html, type SafeHtml } from '../views/html.js';
import { csrfField } from '../views/layout.js';

export interface RolesView {
  readonly roles: readonly Role[];
  readonly profiles: readonly Profile[];
  readonly userCounts: ReadonlyMap<number, number>;
  readonly modules: readonly string[];
}

function profileNames(role: Role, profiles: readonly Profile[]): string {
  return profiles
    .filter((p) => role.profileIds.includes(p.id))
    .map((p) => p.name)
    .join(', ');
}

/** Roles in tree order with their depth, roots first. */
function treeOrder(roles: readonly Role[]): { role: Role; depth: number }[] {
  const out: { role: Role; depth: number }[] = [];
  const walk = (parentId: number | null, depth: number): void => {
    for (const r of roles.filter((x) => x.parentId === parentId)) {
      if (out.some((o) => o.role.id === r.id) || depth > roles.length) continue;
      out.push({ role: r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function rightsText(table: RightsTable): string {
  return Object.entries(table)
    .sort(([a], [b]) => (a === ANY_MODULE ? 1 : b === ANY_MODULE ? -1 : a.localeCompare(b)))
    .map(
      ([m, r]) => `${m === ANY_MODULE ? 'Other modules' : m}: ${r.length ? r.join(', ') : 'none'}`,
    )
    .join(' · ');
}

export function rightsGrid(modules: readonly string[], table: RightsTable): SafeHtml {
  const rows = [...modules, ANY_MODULE].map((m) => {
    const granted = table[m] ?? [];
    const cells = RIGHTS.map(
      (r) =>
        html`<td><input type="checkbox" name="right" value="${m}:${r}" aria-label="${m} ${r}"${granted.includes(r) ? html` checked` : ''}></td>`,
    );
    return html`<tr><th scope="row">${m === ANY_MODULE ? '* (other modules)' : m}</th>${cells}</tr>`;
  });
  return html`<div class="table-wrap"><table><tr><th>Module</th>${RIGHTS.map((r) => html`<th>${r}</th>`)}</tr>${rows}</table></div>`;
}

function profileChecks(profiles: readonly Profile[], chosen: readonly number[]): SafeHtml[] {
  return profiles.map(
    (p) =>
      html`<label class="check"><input type="checkbox" name="profile" value="${p.id}"${chosen.includes(p.id) ? html` checked` : ''}> ${p.name}</label>`,
  );
}

function parentSelect(
  roles: readonly Role[],
  current: number | null,
  self: number | null,
): SafeHtml {
  const options = roles
    .filter((r) => r.id !== self)
    .map(
      (r) =>
        html`<option value="${r.id}"${r.id === current ? html` selected` : ''}>${r.name}</option>`,
    );
  return html`<label>Reports to<select name="parent"><option value="">(none: top of the tree)</option>${options}</select></label>`;
}

export function rolesPage(view: RolesView, csrf: string): SafeHtml {
  const roleRows = treeOrder(view.roles).map(
    ({ role, depth }) =>
      html`<tr data-role="${role.name}"><td>${'— '.repeat(depth)}<a href="/console/roles/${role.id}">${role.name}</a></td><td>${profileNames(role, view.profiles)}</td><td>${String(view.userCounts.get(role.id) ?? 0)}</td></tr>`,
  );
  const profileRows = view.profiles.map(
    (p) =>
      html`<tr data-profile="${p.name}"><td><a href="/console/profiles/${p.id}">${p.name}</a></td><td>${rightsText(p.rights)}</td></tr>`,
  );
  return html`<p class="muted">Administrators are unrestricted. Other users may do what the profiles of their role allow, and see the records of the users in the roles below theirs. Assign a role on the user's page.</p>
<h2>Roles</h2><div class="table-wrap"><table><tr><th>Role</th><th>Profiles</th><th>Users</th></tr>${roleRows}</table></div>
<form method="post" action="/console/roles" class="form">${csrfField(csrf)}
<label>Role name<input type="text" name="name" required maxlength="100"></label>
${parentSelect(view.roles, null, null)}
<fieldset><legend>Profiles</legend>${profileChecks(view.profiles, [])}</fieldset>
<button type="submit">Create role</button></form>
<h2>Profiles</h2><div class="table-wrap"><table><tr><th>Profile</th><th>Rights</th></tr>${profileRows}</table></div>
<form method="post" action="/console/profiles" class="form">${csrfField(csrf)}
<label>Profile name<input type="text" name="name" required maxlength="100"></label>
${rightsGrid(view.modules, {})}
<button type="submit">Create profile</button></form>`;
}

export function rolePage(role: Role, view: RolesView, csrf: string): SafeHtml {
  return html`<form method="post" action="/console/roles/${role.id}" class="form">${csrfField(csrf)}
${parentSelect(view.roles, role.parentId, role.id)}
<fieldset><legend>Profiles</legend>${profileChecks(view.profiles, role.profileIds)}</fieldset>
<button type="submit">Save</button></form>
<p><a href="/console/roles">All roles and profiles</a></p>`;
}

export function profilePage(profile: Profile, modules: readonly string[], csrf: string): SafeHtml {
  return html`<form method="post" action="/console/profiles/${profile.id}" class="form">${csrfField(csrf)}
${rightsGrid(modules, profile.rights)}
<button type="submit">Save rights</button></form>
<p><a href="/console/roles">All roles and profiles</a></p>`;
}

// Roles and profiles for admins (README.md "### Roles and profiles"): list, create, edit a
// role's superior and profiles, edit a profile's rights grid. Bad input goes back with the
// reason and changes nothing (the repository checks before it writes).
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import { entityModules } from '../../../store/modules/registry.js';
import { parseRights } from '../../../store/roles/rights.js';
import type { ConsoleCtxState, ConsoleContext } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { html } from '../views/html.js';
import { idOf } from '../form.js';
import { profileFieldsSection } from '../pages/profile-fields.js';
import { profilePage, rolePage, rolesPage, type RolesView } from '../pages/roles.js';
import { page, redirect, requireAdmin } from './respond.js';

const PATH = '/console/roles';

async function view(deps: ConsoleDeps): Promise<RolesView> {
  const { roles } = deps.store;
  return {
    roles: await roles.listRoles(),
    profiles: await roles.listProfiles(),
    userCounts: await roles.userCounts(),
    modules: entityModules().map((m) => m.name),
  };
}

/** The grid's checked boxes (`Module:right`) as the rights text of store/roles/rights.ts. */
function rightsOf(ctx: ConsoleContext): string {
  const byModule = new Map<string, string[]>();
  for (const value of ctx.state.form?.all('right') ?? []) {
    const colon = value.lastIndexOf(':');
    const module = value.slice(0, colon);
    byModule.set(module, [...(byModule.get(module) ?? []), value.slice(colon + 1)]);
  }
  // Unticked `*` still needs saying: modules the profile does not list get no rights.
  if (!byModule.has('*')) byModule.set('*', []);
  return [...byModule].map(([m, r]) => `${m}:${r.join(',')}`).join(';');
}

function profileIdsOf(ctx: ConsoleContext): number[] {
  return (ctx.state.form?.all('profile') ?? []).map((p) => idOf(p, 'Profile'));
}

function parentOf(ctx: ConsoleContext): number | null {
  const parent = ctx.state.form?.get('parent') ?? '';
  return parent === '' ? null : idOf(parent, 'Role');
}

export function roleRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const { roles } = deps.store;
  router.get(PATH, async (ctx) => {
    requireAdmin(ctx);
    page(ctx, 'Roles & profiles', rolesPage(await view(deps), ctx.state.console.csrfToken));
  });
  router.post(PATH, async (ctx) => {
    requireAdmin(ctx);
    const role = await roles.createRole(
      ctx.state.form?.get('name') ?? '',
      profileIdsOf(ctx),
      parentOf(ctx),
    );
    redirect(ctx, PATH, { kind: 'ok', text: `Role ${role.name} was created.` });
  });
  router.get(`${PATH}/:id`, async (ctx) => {
    requireAdmin(ctx);
    const role = await roles.roleById(idOf(String(ctx.params.id ?? ''), 'Role'));
    if (!role) throw new GatewayError('not_found', 'There is no such role');
    page(ctx, `Role ${role.name}`, rolePage(role, await view(deps), ctx.state.console.csrfToken));
  });
  router.post(`${PATH}/:id`, async (ctx) => {
    requireAdmin(ctx);
    const id = idOf(String(ctx.params.id ?? ''), 'Role');
    const role = await roles.updateRole(id, {
      parentId: parentOf(ctx),
      profileIds: profileIdsOf(ctx),
    });
    redirect(ctx, `${PATH}/${role.id}`, { kind: 'ok', text: `Role ${role.name} was saved.` });
  });
  router.post('/console/profiles', async (ctx) => {
    requireAdmin(ctx);
    const profile = await roles.createProfile(
      ctx.state.form?.get('name') ?? '',
      parseRights(rightsOf(ctx)),
    );
    redirect(ctx, PATH, { kind: 'ok', text: `Profile ${profile.name} was created.` });
  });
  router.get('/console/profiles/:id', async (ctx) => {
    requireAdmin(ctx);
    const profile = await roles.profileById(idOf(String(ctx.params.id ?? ''), 'Profile'));
    if (!profile) throw new GatewayError('not_found', 'There is no such profile');
    const csrf = ctx.state.console.csrfToken;
    const modules = (await view(deps)).modules;
    const fields = await roles.profileFields(profile.id);
    page(
      ctx,
      `Profile ${profile.name}`,
      html`${profilePage(profile, modules, csrf)}${profileFieldsSection(profile.id, modules, fields, csrf)}`,
    );
  });
  router.post('/console/profiles/:id/fields', async (ctx) => {
    requireAdmin(ctx);
    const id = idOf(String(ctx.params.id ?? ''), 'Profile');
    const module = ctx.state.form?.get('module') ?? '';
    await roles.setProfileFields(
      id,
      module,
      ctx.state.form?.get('hidden') ?? '',
      ctx.state.form?.get('readonly') ?? '',
    );
    redirect(ctx, `/console/profiles/${id}`, {
      kind: 'ok',
      text: `The fields of ${module} were saved.`,
    });
  });
  router.post('/console/profiles/:id', async (ctx) => {
    requireAdmin(ctx);
    const id = idOf(String(ctx.params.id ?? ''), 'Profile');
    const profile = await roles.setProfileRights(id, parseRights(rightsOf(ctx)));
    redirect(ctx, `/console/profiles/${profile.id}`, {
      kind: 'ok',
      text: `The rights of ${profile.name} were saved.`,
    });
  });
}

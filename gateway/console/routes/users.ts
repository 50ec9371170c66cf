// Users and groups: create, edit, deactivate, reset password, regenerate access key (shown
// once, never put in a cookie or a redirect), group membership, admin flag.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { User } from '../../../store/types.js';
import type { ConsoleCtxState, ConsoleContext } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { USER_DETAIL_FIELDS, userPage, usersPage } from '../pages/users.js';
import { page, redirect, requireAdmin } from './respond.js';

async function target(ctx: ConsoleContext, deps: ConsoleDeps): Promise<User> {
  const user = await deps.store.users.findById(idOf(String(ctx.params.id ?? ''), 'User'));
  if (!user) throw new GatewayError('not_found', 'There is no such user');
  return user;
}

async function setGroups(
  deps: ConsoleDeps,
  userId: number,
  wanted: readonly number[],
): Promise<void> {
  for (const g of await deps.store.groups.list()) {
    const member = g.memberIds.includes(userId);
    if (wanted.includes(g.id) && !member) await deps.store.groups.addMember(g.id, userId);
    if (!wanted.includes(g.id) && member) await deps.store.groups.removeMember(g.id, userId);
  }
}

export function userRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const { users, groups } = deps.store;
  router.get('/console/users', async (ctx) => {
    requireAdmin(ctx);
    page(
      ctx,
      'Users & groups',
      usersPage(
        await users.list(),
        await groups.list(),
        ctx.state.console.csrfToken,
        await deps.store.roles.listRoles(),
      ),
    );
  });
  router.post('/console/users', async (ctx) => {
    requireAdmin(ctx);
    const f = ctx.state.form;
    const role = f?.get('role') ?? '';
    const user = await users.create({
      ...(role === '' ? {} : { roleId: idOf(role, 'Role') }),
      userName: f?.get('username') ?? '',
      password: f?.get('password') ?? '',
      isAdmin: f?.get('is_admin') === '1',
      firstName: f?.get('first_name') || null,
      lastName: f?.get('last_name') || (f?.get('username') ?? ''),
      email: f?.get('email') || null,
    });
    redirect(ctx, `/console/users/${user.id}`, {
      kind: 'ok',
      text: `User ${user.userName} was created.`,
    });
  });
  router.get('/console/users/:id', async (ctx) => {
    requireAdmin(ctx);
    const user = await target(ctx, deps);
    page(
      ctx,
      `User ${user.userName}`,
      userPage(
        user,
        await groups.list(),
        ctx.state.console.csrfToken,
        null,
        await deps.store.roles.listRoles(),
      ),
    );
  });
  router.post('/console/users/:id', async (ctx) => {
    const { user: me } = requireAdmin(ctx);
    const user = await target(ctx, deps);
    const f = ctx.state.form;
    const isAdmin = f?.get('is_admin') === '1';
    const active = f?.get('active') === '1';
    if (user.id === me.id && (!isAdmin || !active))
      throw new GatewayError(
        'invalid_input',
        'You cannot remove your own admin flag or deactivate yourself',
      );
    const role = f?.get('role') ?? '';
    // Checked before anything is saved: an unknown role changes nothing.
    if (role !== '' && !(await deps.store.roles.roleById(idOf(role, 'Role'))))
      throw new GatewayError('not_found', 'There is no such role');
    await users.update(user.id, {
      details: Object.fromEntries(
        USER_DETAIL_FIELDS.map(([key, name]) => [key, f?.get(name) ?? null]),
      ),
      firstName: f?.get('first_name') || null,
      lastName: f?.get('last_name') || user.lastName,
      email: f?.get('email') || null,
      timeZone: f?.get('time_zone') || user.timeZone,
      isAdmin,
      status: active ? 'Active' : 'Inactive',
    });
    if (role !== '') await deps.store.roles.setUserRole(user.id, idOf(role, 'Role'));
    await setGroups(
      deps,
      user.id,
      (f?.all('group') ?? []).map((g) => idOf(g, 'Group')),
    );
    if (!active) await deps.sessions.destroyForUser(user.id);
    redirect(ctx, `/console/users/${user.id}`, {
      kind: 'ok',
      text: `User ${user.userName} was saved.`,
    });
  });
  router.post('/console/users/:id/password', async (ctx) => {
    requireAdmin(ctx);
    const user = await target(ctx, deps);
    if (user.authSource !== 'local')
      throw new GatewayError(
        'invalid_input',
        'Directory users change their password in the directory',
      );
    await users.setPassword(user.id, ctx.state.form?.get('password') ?? '');
    await deps.sessions.destroyForUser(user.id);
    redirect(ctx, `/console/users/${user.id}`, {
      kind: 'ok',
      text: `The password of ${user.userName} was reset.`,
    });
  });
  router.post('/console/users/:id/access-key', async (ctx) => {
    requireAdmin(ctx);
    const user = await target(ctx, deps);
    const key = await users.regenerateAccessKey(user.id);
    page(
      ctx,
      `User ${user.userName}`,
      userPage(
        (await users.findById(user.id)) ?? user,
        await groups.list(),
        ctx.state.console.csrfToken,
        key,
        await deps.store.roles.listRoles(),
      ),
    );
  });
  router.post('/console/groups', async (ctx) => {
    requireAdmin(ctx);
    const group = await groups.create(
      ctx.state.form?.get('name') ?? '',
      ctx.state.form?.get('description') || null,
    );
    redirect(ctx, '/console/users', { kind: 'ok', text: `Group ${group.name} was created.` });
  });
}

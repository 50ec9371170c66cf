// "External applications", admin only: switches, list, the add wizard (type, then
// settings; credentials shown once on the answer page, never in a redirect or cookie), edit,
// deactivate, revoke all tokens, delete expired tokens, new secret or key pair, remove.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { ClientType, OAuthClient } from '../../../store/oauth/types.js';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import { endpointsFor } from '../../oauth/deps.js';
import {
  registerApp,
  renewCredentials,
  updateApp,
  type AppCredentials,
  type AppSettings,
} from '../../oauth/registration.js';
import { parseScopeChoice } from '../../oauth/scopes.js';
import { readOAuthSettings, writeOAuthSettings } from '../../oauth/settings.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf, type Form } from '../form.js';
import { appFormPage } from '../pages/oauth-app-form.js';
import { appPage } from '../pages/oauth-app.js';
import { appTypePage, oauthAppsPage, type AppSummary } from '../pages/oauth-apps.js';
import { page, redirect, requireAdmin } from './respond.js';

const TYPES: readonly ClientType[] = ['service', 'web', 'native'];

function typeOf(value: unknown): ClientType | null {
  return TYPES.find((t) => t === value) ?? null;
}

export function appSettingsFromForm(form: Form | null): AppSettings {
  const scope = parseScopeChoice(form?.get('scope') ?? '');
  if (!scope)
    throw new GatewayError('invalid_input', 'Choose a scope: read-only, write-only or read/write');
  return {
    name: form?.get('name') ?? '',
    description: form?.get('description') || null,
    iconUrl: form?.get('icon_url') || null,
    scope,
    redirectUris: (form?.get('redirect_uris') ?? '').split(/\r?\n/),
    offlineAccess: form?.get('offline_access') === '1',
    userId: idOf(form?.get('user_id') ?? '', 'User'),
    restricted: form?.get('restricted') === '1',
    allowedUserIds: (form?.all('allowed_user') ?? []).map((v) => idOf(v, 'User')),
    allowedGroupIds: (form?.all('allowed_group') ?? []).map((v) => idOf(v, 'Group')),
  };
}

async function target(ctx: ConsoleContext, deps: ConsoleDeps): Promise<OAuthClient> {
  return deps.oauth.oauth.clients.require(String(ctx.params.id ?? ''));
}

async function showApp(
  ctx: ConsoleContext,
  deps: ConsoleDeps,
  client: OAuthClient,
  credentials: AppCredentials | null,
): Promise<void> {
  const { oauth } = deps.oauth;
  page(
    ctx,
    client.name,
    appPage({
      type: client.type,
      client,
      users: await deps.store.users.list(),
      groups: await deps.store.groups.list(),
      csrf: ctx.state.console.csrfToken,
      stats: await oauth.clients.stats(client.id),
      keys: await oauth.clients.keys(client.id),
      credentials,
    }),
  );
}

async function summaries(deps: ConsoleDeps): Promise<AppSummary[]> {
  const users = new Map((await deps.store.users.list()).map((u) => [u.id, u.userName]));
  const clients = await deps.oauth.oauth.clients.list();
  return Promise.all(
    clients.map(async (client) => ({
      client,
      stats: await deps.oauth.oauth.clients.stats(client.id),
      userName: users.get(client.userId) ?? '?',
    })),
  );
}

function listRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  router.get('/console/oauth-apps', async (ctx) => {
    requireAdmin(ctx);
    const issuer = endpointsFor(deps.oauth.options, `${ctx.protocol}://${ctx.host}`).issuer;
    page(
      ctx,
      'External applications',
      oauthAppsPage(
        await summaries(deps),
        await readOAuthSettings(deps.store.settings),
        issuer,
        ctx.state.console.csrfToken,
      ),
    );
  });
  router.post('/console/oauth-apps/settings', async (ctx) => {
    requireAdmin(ctx);
    const f = ctx.state.form;
    await writeOAuthSettings(deps.store.settings, {
      enabled: f?.get('enabled') === '1',
      usersManageSecrets: f?.get('users_manage_secrets') === '1',
      allowAdminUsers: f?.get('allow_admin_users') === '1',
      consentNotice: f?.get('consent_notice') ?? '',
    });
    redirect(ctx, '/console/oauth-apps', { kind: 'ok', text: 'The switches were saved.' });
  });
  router.get('/console/oauth-apps/new', async (ctx) => {
    requireAdmin(ctx);
    const type = typeOf(ctx.query.type);
    if (!type) return page(ctx, 'Add application', appTypePage());
    page(
      ctx,
      'Add application',
      appFormPage({
        type,
        client: null,
        users: await deps.store.users.list(),
        groups: await deps.store.groups.list(),
        csrf: ctx.state.console.csrfToken,
      }),
    );
  });
  router.post('/console/oauth-apps', async (ctx) => {
    requireAdmin(ctx);
    const type = typeOf(ctx.state.form?.get('type'));
    if (!type) throw new GatewayError('invalid_input', 'Choose the kind of application');
    const secretType = ctx.state.form?.get('secret_type') === 'jwt' ? 'jwt' : 'secret';
    const created = await registerApp(deps.oauth.oauth, deps.store.users, {
      ...appSettingsFromForm(ctx.state.form),
      type,
      secretType,
    });
    await showApp(ctx, deps, created.client, created.credentials);
  });
}

function appRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const { oauth } = deps.oauth;
  router.get('/console/oauth-apps/:id', async (ctx) => {
    requireAdmin(ctx);
    await showApp(ctx, deps, await target(ctx, deps), null);
  });
  router.post('/console/oauth-apps/:id', async (ctx) => {
    requireAdmin(ctx);
    const client = await updateApp(
      oauth,
      deps.store.users,
      (await target(ctx, deps)).id,
      appSettingsFromForm(ctx.state.form),
    );
    redirect(ctx, `/console/oauth-apps/${client.id}`, {
      kind: 'ok',
      text: `${client.name} was saved.`,
    });
  });
  router.post('/console/oauth-apps/:id/active', async (ctx) => {
    requireAdmin(ctx);
    const client = await target(ctx, deps);
    const active = ctx.state.form?.get('active') === '1';
    await oauth.clients.setActive(client.id, active);
    redirect(ctx, `/console/oauth-apps/${client.id}`, {
      kind: 'ok',
      text: `${client.name} is now ${active ? 'active' : 'inactive'}.`,
    });
  });
  router.post('/console/oauth-apps/:id/revoke-tokens', async (ctx) => {
    requireAdmin(ctx);
    const client = await target(ctx, deps);
    const n = await oauth.tokens.revokeClient(client.id);
    redirect(ctx, `/console/oauth-apps/${client.id}`, {
      kind: 'ok',
      text: `All tokens of ${client.name} were revoked (${n} live access tokens).`,
    });
  });
}

function maintenanceRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const { oauth } = deps.oauth;
  router.post('/console/oauth-apps/:id/expired', async (ctx) => {
    requireAdmin(ctx);
    const client = await target(ctx, deps);
    const n = await oauth.tokens.deleteExpired(client.id);
    redirect(ctx, `/console/oauth-apps/${client.id}`, {
      kind: 'ok',
      text: `${n} expired tokens were deleted.`,
    });
  });
  router.post('/console/oauth-apps/:id/credentials', async (ctx) => {
    requireAdmin(ctx);
    const client = await target(ctx, deps);
    await showApp(ctx, deps, client, await renewCredentials(oauth, client));
  });
  router.post('/console/oauth-apps/:id/remove', async (ctx) => {
    requireAdmin(ctx);
    const client = await target(ctx, deps);
    await oauth.clients.remove(client.id);
    redirect(ctx, '/console/oauth-apps', { kind: 'ok', text: `${client.name} was removed.` });
  });
}

export function oauthAppRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  listRoutes(router, deps);
  appRoutes(router, deps);
  maintenanceRoutes(router, deps);
}

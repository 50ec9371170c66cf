// "Linked applications", for every logged-in user: what is linked to them, revoke
// (their tokens of the app and the remembered consent), and — when the admin allows it — new
// credentials for apps associated with them.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { OAuthClient } from '../../../store/oauth/types.js';
import type { User } from '../../../store/types.js';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import { renewCredentials, type AppCredentials } from '../../oauth/registration.js';
import { readOAuthSettings } from '../../oauth/settings.js';
import type { ConsoleDeps } from '../deps.js';
import { linkedAppsPage, type LinkedApp } from '../pages/linked-apps.js';
import { page, redirect, requireUser } from './respond.js';

async function linkedApps(deps: ConsoleDeps, user: User): Promise<LinkedApp[]> {
  const { oauth } = deps.oauth;
  const consents = new Map((await oauth.codes.consents(user.id)).map((c) => [c.clientId, c]));
  const associated = await oauth.clients.list({ userId: user.id });
  const ids = new Set([
    ...associated.map((c) => c.id),
    ...consents.keys(),
    ...(await oauth.tokens.clientIdsOfUser(user.id)),
  ]);
  const apps: LinkedApp[] = [];
  for (const id of ids) {
    const client = associated.find((c) => c.id === id) ?? (await oauth.clients.get(id));
    if (!client) continue;
    const consent = consents.get(id);
    apps.push({
      client,
      associated: client.userId === user.id,
      consentScope: consent?.scope ?? null,
      grantedAt: consent?.grantedAt ?? null,
      liveTokens: await oauth.tokens.liveCount(id, user.id),
    });
  }
  return apps.sort((a, b) => a.client.name.localeCompare(b.client.name));
}

async function show(
  ctx: ConsoleContext,
  deps: ConsoleDeps,
  user: User,
  issued: { client: OAuthClient; credentials: AppCredentials } | null,
): Promise<void> {
  const settings = await readOAuthSettings(deps.store.settings);
  page(
    ctx,
    'Linked applications',
    linkedAppsPage({
      apps: await linkedApps(deps, user),
      isAdmin: user.isAdmin,
      manageSecrets: settings.usersManageSecrets,
      csrf: ctx.state.console.csrfToken,
      issued,
    }),
  );
}

async function linkedTarget(
  ctx: ConsoleContext,
  deps: ConsoleDeps,
  user: User,
): Promise<LinkedApp> {
  const app = (await linkedApps(deps, user)).find((a) => a.client.id === ctx.params.id);
  if (!app) throw new GatewayError('not_found', 'This application is not linked to your account');
  return app;
}

export function linkedAppRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const { oauth } = deps.oauth;
  router.get('/console/linked-apps', async (ctx) => {
    const { user } = requireUser(ctx);
    await show(ctx, deps, user, null);
  });
  router.post('/console/linked-apps/:id/revoke', async (ctx) => {
    const { user } = requireUser(ctx);
    const app = await linkedTarget(ctx, deps, user);
    await oauth.tokens.revokeClient(app.client.id, user.id);
    await oauth.codes.forgetConsent(user.id, app.client.id);
    redirect(ctx, '/console/linked-apps', {
      kind: 'ok',
      text: `${app.client.name} can no longer use your account until you authorize it again.`,
    });
  });
  router.post('/console/linked-apps/:id/credentials', async (ctx) => {
    const { user } = requireUser(ctx);
    const app = await linkedTarget(ctx, deps, user);
    const allowed =
      user.isAdmin || (await readOAuthSettings(deps.store.settings)).usersManageSecrets;
    if (!app.associated || !allowed)
      throw new GatewayError(
        'forbidden',
        'Only an administrator may renew the credentials of this application',
      );
    const credentials = await renewCredentials(oauth, app.client);
    await show(ctx, deps, user, { client: app.client, credentials });
  });
}

// Console routes of calendar links, for administrators: list with status, add, test (discovery),
// sync now, delete. The CalDAV bridge registers them with the bridge instance the job runs, so a
// "Sync now" never runs alongside the scheduled run of the same link in this process.
import type Router from '@koa/router';
import { selfOrigin } from '../../middleware/self-origin.js';
import { GatewayError } from '../../../store/errors.js';
import { authorizationState, linkOfState } from '../../dav-links/oauth-authorize.js';
import type { CaldavBridge } from '../../caldav-bridge/service.js';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { calendarLinksPage } from '../pages/caldav-links.js';
import { page, redirect, requireAdmin } from './respond.js';
import type { ConsoleSection } from './sections.js';

const FIELDS = [
  'kind',
  'url',
  'calendarUrl',
  'username',
  'password',
  'accountEmail',
  'authUrl',
  'tokenUrl',
  'clientId',
  'clientSecret',
  'scopes',
  'refreshToken',
] as const;
const BACK = '/console/caldav-links';
const CALLBACK = `${BACK}/oauth/callback`;

/** The secret the OAuth state is bound to: this console session. */
const sessionSecret = (ctx: ConsoleContext): string =>
  ctx.state.console.sessionToken ?? ctx.state.console.csrfToken;

/** This gateway's address as the browser sees it. */
const callbackUrl = (ctx: ConsoleContext): string => `${selfOrigin(ctx)}${CALLBACK}`;

export const caldavLinkRoutes =
  (calendarBridge: CaldavBridge): ConsoleSection =>
  (router, deps) =>
    routes(router, deps, () => calendarBridge);

function routes(
  router: Router<ConsoleCtxState>,
  deps: ConsoleDeps,
  bridge: () => CaldavBridge,
): void {
  router.get(BACK, async (ctx) => {
    requireAdmin(ctx);
    page(
      ctx,
      'Calendar links',
      calendarLinksPage({
        links: await bridge().links.list(),
        users: await deps.store.users.list(),
        csrf: ctx.state.console.csrfToken,
        report: null,
      }),
    );
  });

  router.post(BACK, async (ctx) => {
    requireAdmin(ctx);
    const form = ctx.state.form;
    const input: Record<string, string> = {};
    for (const f of FIELDS) {
      const v = form?.get(f)?.trim();
      if (v) input[f] = v;
    }
    try {
      const link = await bridge().create({
        ...input,
        userId: idOf(form?.get('userId') ?? '', 'User'),
      });
      redirect(ctx, BACK, {
        kind: 'ok',
        text: `Link ${link.id} added. Test it, then it syncs on its own.`,
      });
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
      redirect(ctx, BACK, { kind: 'error', text: `The link was not added: ${err.message}` });
    }
  });

  // RFC 6749 §4.1.2: the provider sends the admin back here with a code (or an error) and our state.
  router.get(CALLBACK, async (ctx) => {
    requireAdmin(ctx);
    const query = ctx.query as Record<string, string | undefined>;
    const id = linkOfState(query.state ?? '', sessionSecret(ctx));
    if (id === null)
      return redirect(ctx, BACK, {
        kind: 'error',
        text: 'The authorisation answer does not belong to this session; start it again from this page.',
      });
    if (query.error || !query.code)
      return redirect(ctx, BACK, {
        kind: 'error',
        text: `Link ${id} was not authorised: ${query.error ?? 'no code'}`,
      });
    try {
      await bridge().completeAuthorization(id, query.code, callbackUrl(ctx));
      redirect(ctx, BACK, {
        kind: 'ok',
        text: `Link ${id} is authorised; it syncs on its own now.`,
      });
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
      redirect(ctx, BACK, { kind: 'error', text: `Link ${id} was not authorised: ${err.message}` });
    }
  });

  router.post(`${BACK}/:id/:verb`, async (ctx) => {
    requireAdmin(ctx);
    const id = idOf(ctx.params.id ?? '', 'Link');
    switch (ctx.params.verb) {
      case 'test': {
        const result = await bridge().test(id);
        return page(
          ctx,
          'Calendar links',
          calendarLinksPage({
            links: await bridge().links.list(),
            users: await deps.store.users.list(),
            csrf: ctx.state.console.csrfToken,
            report: { id, result },
          }),
        );
      }
      case 'sync': {
        const outcome = await bridge().syncNow(id);
        const c = outcome.counts;
        const text = outcome.ok
          ? `Link ${id} synced: ${c.pulledCreated + c.pulledUpdated + c.pulledDeleted} change(s) in, ${c.pushedCreated + c.pushedUpdated + c.pushedDeleted} out, ${c.conflicts} conflict(s).`
          : `Link ${id} failed: ${outcome.error ?? 'unknown error'}`;
        return redirect(ctx, BACK, { kind: outcome.ok ? 'ok' : 'error', text });
      }
      case 'authorize':
        return redirect(
          ctx,
          await bridge().authorizationUrl(
            id,
            callbackUrl(ctx),
            authorizationState(id, sessionSecret(ctx)),
          ),
        );
      case 'delete':
        await bridge().remove(id);
        return redirect(ctx, BACK, { kind: 'ok', text: `Link ${id} deleted.` });
      default:
        throw new GatewayError('not_found', 'Unknown calendar link action');
    }
  });
}

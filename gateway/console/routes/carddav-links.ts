// Console routes of contact links, for administrators: list with status and the field mapping,
// add (a CardDAV or a Google link, for the user's contacts or a group's), authorise a Google link
// (RFC 6749 §4.1, as calendar links are: caldav-links.ts), test (discovery), sync now, delete.
// Registered with the bridge instance the job runs, as the calendar links' routes are.
import type Router from '@koa/router';
import { selfOrigin } from '../../middleware/self-origin.js';
import { GatewayError } from '../../../store/errors.js';
import type { CarddavBridge } from '../../carddav-bridge/service.js';
import { authorizationState, linkOfState } from '../../dav-links/oauth-authorize.js';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { contactLinksPage } from '../pages/carddav-links.js';
import { page, redirect, requireAdmin } from './respond.js';
import type { ConsoleSection } from './sections.js';

const FIELDS = [
  'kind',
  'url',
  'bookUrl',
  'username',
  'password',
  'direction',
  'accountEmail',
  'clientId',
  'clientSecret',
  'refreshToken',
  'authUrl',
  'tokenUrl',
] as const;
const BACK = '/console/carddav-links';
const CALLBACK = `${BACK}/oauth/callback`;
const TITLE = 'Contact links';
const NOUN = 'carddav-link';

/** The secret the OAuth state is bound to: this console session. */
const sessionSecret = (ctx: ConsoleContext): string =>
  ctx.state.console.sessionToken ?? ctx.state.console.csrfToken;

/** This gateway's address as the browser sees it. */
const callbackUrl = (ctx: ConsoleContext): string => `${selfOrigin(ctx)}${CALLBACK}`;

export const carddavLinkRoutes =
  (bridge: CarddavBridge): ConsoleSection =>
  (router, deps) =>
    routes(router, deps, bridge);

function routes(router: Router<ConsoleCtxState>, deps: ConsoleDeps, bridge: CarddavBridge): void {
  const view = async (csrf: string, report: Parameters<typeof contactLinksPage>[0]['report']) =>
    contactLinksPage({
      links: await bridge.links.list(),
      users: await deps.store.users.list(),
      groups: await deps.store.groups.list(),
      csrf,
      report,
    });

  router.get(BACK, async (ctx) => {
    requireAdmin(ctx);
    page(ctx, TITLE, await view(ctx.state.console.csrfToken, null));
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
      const group = form?.get('groupId')?.trim() ?? '';
      const link = await bridge.create({
        ...input,
        userId: idOf(form?.get('userId') ?? '', 'User'),
        ...(group === '' ? {} : { groupId: idOf(group, 'Group') }),
      });
      const next =
        link.kind === 'google' && !input['refreshToken']
          ? 'Authorise it with Google, then it syncs on its own.'
          : 'Test it, then it syncs on its own.';
      redirect(ctx, BACK, { kind: 'ok', text: `Link ${link.id} added. ${next}` });
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
      redirect(ctx, BACK, { kind: 'error', text: `The link was not added: ${err.message}` });
    }
  });

  // RFC 6749 §4.1.2: Google sends the admin back here with a code (or an error) and our state.
  router.get(CALLBACK, async (ctx) => {
    requireAdmin(ctx);
    const query = ctx.query as Record<string, string | undefined>;
    const id = linkOfState(query.state ?? '', sessionSecret(ctx), NOUN);
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
      await bridge.completeAuthorization(id, query.code, callbackUrl(ctx));
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
      case 'test':
        return page(
          ctx,
          TITLE,
          await view(ctx.state.console.csrfToken, { id, result: await bridge.test(id) }),
        );
      case 'sync': {
        const outcome = await bridge.syncNow(id);
        const c = outcome.counts;
        const text = outcome.ok
          ? `Link ${id} synced: ${c.pulledCreated + c.pulledUpdated + c.pulledDeleted} change(s) in, ${c.pushedCreated + c.pushedUpdated + c.pushedDeleted} out, ${c.conflicts} conflict(s).`
          : `Link ${id} failed: ${outcome.error ?? 'unknown error'}`;
        return redirect(ctx, BACK, { kind: outcome.ok ? 'ok' : 'error', text });
      }
      case 'authorize':
        return redirect(
          ctx,
          await bridge.authorizationUrl(
            id,
            callbackUrl(ctx),
            authorizationState(id, sessionSecret(ctx), NOUN),
          ),
        );
      case 'delete':
        await bridge.remove(id);
        return redirect(ctx, BACK, { kind: 'ok', text: `Link ${id} deleted.` });
      default:
        throw new GatewayError('not_found', 'Unknown contact link action');
    }
  });
}

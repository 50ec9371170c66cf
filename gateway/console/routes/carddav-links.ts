// Console routes of contact links, for administrators: list with status and the field mapping,
// add, test (discovery), sync now, delete. Registered with the bridge instance the job runs, as
// the calendar links' routes are (caldav-links.ts).
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { CarddavBridge } from '../../carddav-bridge/service.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { contactLinksPage } from '../pages/carddav-links.js';
import { page, redirect, requireAdmin } from './respond.js';
import type { ConsoleSection } from './sections.js';

const FIELDS = ['url', 'bookUrl', 'username', 'password', 'direction'] as const;
const BACK = '/console/carddav-links';
const TITLE = 'Contact links';

export const carddavLinkRoutes =
  (bridge: CarddavBridge): ConsoleSection =>
  (router, deps) =>
    routes(router, deps, bridge);

function routes(router: Router<ConsoleCtxState>, deps: ConsoleDeps, bridge: CarddavBridge): void {
  const view = async (csrf: string, report: Parameters<typeof contactLinksPage>[0]['report']) =>
    contactLinksPage({
      links: await bridge.links.list(),
      users: await deps.store.users.list(),
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
      const link = await bridge.create({
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
      case 'delete':
        await bridge.remove(id);
        return redirect(ctx, BACK, { kind: 'ok', text: `Link ${id} deleted.` });
      default:
        throw new GatewayError('not_found', 'Unknown contact link action');
    }
  });
}

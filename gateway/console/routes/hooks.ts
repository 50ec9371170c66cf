// Console routes of REST hooks (gateway/hooks/README.md §4): every signed-in user manages their
// own subscriptions and dead letters; an admin sees and manages everyone's. They go through the
// same HookService as /restapi/v1/hooks and the command line.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { HookCaller, HookService } from '../../hooks/service.js';
import type { ConsoleContext, ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { hooksPage } from '../pages/hooks.js';
import { page, redirect, requireUser } from './respond.js';
import type { ConsoleSection } from './sections.js';

const BACK = '/console/hooks';
const TITLE = 'REST hooks';

export const hookRoutes =
  (hooks: HookService): ConsoleSection =>
  (router, deps) =>
    routes(router, deps, hooks);

function callerOf(ctx: ConsoleContext): HookCaller {
  const { user, actor } = requireUser(ctx);
  return { userId: user.id, actor };
}

function routes(router: Router<ConsoleCtxState>, deps: ConsoleDeps, hooks: HookService): void {
  const show = async (ctx: ConsoleContext, created: { id: number; secret: string } | null) => {
    const caller = callerOf(ctx);
    const users = caller.actor.isAdmin ? await deps.store.users.list() : [];
    page(
      ctx,
      TITLE,
      hooksPage({
        subscriptions: await hooks.list(caller),
        deadLetters: await hooks.deadLetters(caller, 50),
        userNames: new Map(users.map((u) => [u.id, u.userName])),
        isAdmin: caller.actor.isAdmin,
        csrf: ctx.state.console.csrfToken,
        created,
      }),
    );
  };

  router.get(BACK, (ctx) => show(ctx, null));

  router.post(BACK, async (ctx) => {
    const caller = callerOf(ctx);
    const form = ctx.state.form;
    const field = (name: string): string | null => form?.get(name)?.trim() || null;
    try {
      const { subscription, secret } = await hooks.subscribe(caller, {
        target_url: field('target_url'),
        event: field('event'),
        module: field('module'),
        filter: field('filter'),
      });
      // Shown on this response only, not through a redirect: the secret must not sit in a cookie.
      await show(ctx, { id: subscription.id, secret });
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
      redirect(ctx, BACK, {
        kind: 'error',
        text: `The subscription was not added: ${err.message}`,
      });
    }
  });

  router.post(`${BACK}/:id/delete`, async (ctx) => {
    const id = idOf(ctx.params.id ?? '', 'Subscription');
    await hooks.unsubscribe(callerOf(ctx), id);
    redirect(ctx, BACK, { kind: 'ok', text: `Subscription ${id} deleted.` });
  });

  router.post(`${BACK}/dead-letters/:id/redeliver`, async (ctx) => {
    const id = idOf(ctx.params.id ?? '', 'Delivery');
    await hooks.redeliver(callerOf(ctx), id);
    redirect(ctx, BACK, { kind: 'ok', text: `Delivery ${id} queued again.` });
  });
}

// The 1C exchange settings page; admin only, as the settings affect every exchange.
import type Router from '@koa/router';
import { readCmlSettings, writeCmlSettings } from '../../commerceml/settings.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import { selfOrigin } from '../../middleware/self-origin.js';
import type { ConsoleDeps } from '../deps.js';
import { commercemlPage } from '../pages/commerceml.js';
import { page, redirect, requireAdmin } from './respond.js';

export function commercemlRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  router.get('/console/commerceml', async (ctx) => {
    requireAdmin(ctx);
    const settings = await readCmlSettings(deps.store);
    const log = await deps.store.exchangeLog.list({ system: '1c', limit: 30 });
    page(
      ctx,
      '1C exchange',
      commercemlPage(settings, log, selfOrigin(ctx), ctx.state.console.csrfToken),
    );
  });
  router.post('/console/commerceml', async (ctx) => {
    requireAdmin(ctx);
    const form = ctx.state.form;
    const statuses: Record<string, string> = {};
    for (const state of ['not-posted', 'posted', 'paid', 'cancelled']) {
      const v = form?.get(`status-${state}`);
      if (v) statuses[state] = v;
    }
    await writeCmlSettings(deps.store, {
      enabled: form?.get('enabled') === '1',
      encoding: form?.get('encoding') ?? 'utf-8',
      statuses,
    });
    redirect(ctx, '/console/commerceml', {
      kind: 'ok',
      text: 'The 1C exchange settings were saved.',
    });
  });
}

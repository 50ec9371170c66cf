// The recycle bin: per module, filter by name, restore one / selected / all, purge selected,
// empty the bin (every module) after a confirmation.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import { entityModules, findModule } from '../../../store/modules/registry.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { recycleBinPage } from '../pages/recycle-bin.js';
import { page, redirect, requireAdmin } from './respond.js';

function moduleName(value: string | undefined): string {
  const def = value ? findModule(value) : null;
  return def && def.kind === 'entity' ? def.name : 'Accounts';
}

export function recycleBinRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const bin = deps.store.recycleBin;
  router.get('/console/recycle-bin', async (ctx) => {
    requireAdmin(ctx);
    const module = moduleName(typeof ctx.query.module === 'string' ? ctx.query.module : undefined);
    const search = typeof ctx.query.q === 'string' ? ctx.query.q.slice(0, 100) : '';
    const modules = await Promise.all(
      entityModules().map(async (m) => ({
        name: m.name,
        label: m.label,
        count: await bin.count(m.name),
      })),
    );
    const entries = await bin.list({ module, ...(search ? { search } : {}), limit: 500 });
    page(
      ctx,
      'Recycle bin',
      recycleBinPage({
        modules,
        module,
        search,
        entries,
        total: await bin.count(),
        csrf: ctx.state.console.csrfToken,
      }),
    );
  });

  router.post('/console/recycle-bin/:verb', async (ctx) => {
    const { actor } = requireAdmin(ctx);
    const form = ctx.state.form;
    const module = moduleName(form?.get('module'));
    const back = `/console/recycle-bin?module=${encodeURIComponent(module)}`;
    const selected = (form?.has('one') ? [form.get('one')] : (form?.all('id') ?? [])).map((v) =>
      idOf(v, 'Record'),
    );
    switch (ctx.params.verb) {
      case 'restore': {
        if (selected.length === 0)
          return redirect(ctx, back, { kind: 'error', text: 'Select at least one record.' });
        const done = await bin.restore(actor, selected);
        return redirect(ctx, back, { kind: 'ok', text: `${done.length} record(s) restored.` });
      }
      case 'purge': {
        if (selected.length === 0)
          return redirect(ctx, back, { kind: 'error', text: 'Select at least one record.' });
        const done = await bin.purge(actor, selected);
        return redirect(ctx, back, {
          kind: 'ok',
          text: `${done.length} record(s) deleted permanently.`,
        });
      }
      case 'restore-all': {
        const done = await bin.restoreAll(actor, module);
        return redirect(ctx, back, { kind: 'ok', text: `${done.length} record(s) restored.` });
      }
      case 'empty': {
        const n = await bin.empty(actor);
        return redirect(ctx, back, {
          kind: 'ok',
          text: `The recycle bin was emptied: ${n} record(s) deleted permanently.`,
        });
      }
      default:
        throw new GatewayError('not_found', 'Unknown recycle bin action');
    }
  });
}

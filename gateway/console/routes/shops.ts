// Console routes of web shops, for administrators (pages/shops.ts): list, add (password sealed
// by the repository), test (checkauth + init), push now, exchange orders now, delete. Built with
// the ShopService the jobs use; a new shop gets its two jobs at once through onCreated, a deleted
// one loses them at once; its schedules, one-init-per-file switch and status map are edited here.
import type Router from '@koa/router';
import { GatewayError } from '../../../store/errors.js';
import type { ShopConnection } from '../../../store/shops/types.js';
import { ShopFailure } from '../../../sync/shop/shop-session.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { ShopService } from '../../shops/shop-service.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { SALES_ORDER_STATUSES } from '../pages/shop-settings.js';
import { shopsPage } from '../pages/shops.js';
import { page, redirect, requireAdmin } from './respond.js';
import type { ConsoleSection } from './sections.js';

const BACK = '/console/shops';
const TITLE = 'Web shops';
const RUNS_READ = 200;

/** What the running gateway does beside the store: a new shop's jobs, a deleted shop's handlers. */
export interface ShopHooks {
  readonly onCreated: (c: ShopConnection) => Promise<void>;
  readonly onDeleted: (id: number) => Promise<void>;
}

export const shopRoutes =
  (shops: ShopService, hooks: ShopHooks): ConsoleSection =>
  (router, deps) =>
    routes(router, deps, shops, hooks);

/** A run that failed at the shop is told in its words; anything else is the gateway's fault. */
function failure(err: unknown): string {
  if (err instanceof ShopFailure) return err.message;
  if (err instanceof GatewayError && err.kind !== 'internal') return err.message;
  throw err;
}

function routes(
  router: Router<ConsoleCtxState>,
  deps: ConsoleDeps,
  shops: ShopService,
  hooks: ShopHooks,
): void {
  const view = async (csrf: string, report: Parameters<typeof shopsPage>[0]['report']) =>
    shopsPage({
      shops: await shops.connections.list(),
      runs: await deps.store.exchangeLog.list({ system: 'shop', limit: RUNS_READ }),
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
    const text = (name: string): string => form?.get(name)?.trim() ?? '';
    try {
      const c = await shops.connections.create({
        name: text('name'),
        url: text('url'),
        login: text('login'),
        password: form?.get('password') ?? '',
        userId: idOf(text('userId'), 'User'),
        ...(text('schema') ? { schema: text('schema') } : {}),
        ...(text('encoding') ? { encoding: text('encoding') } : {}),
        pushSchedule: text('pushSchedule') || null,
        ordersSchedule: text('ordersSchedule') || null,
      });
      await hooks.onCreated(c);
      redirect(ctx, BACK, {
        kind: 'ok',
        text: `Shop ${c.id} added. Test the connection, then push the catalog.`,
      });
    } catch (err) {
      if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
      redirect(ctx, BACK, { kind: 'error', text: `The shop was not added: ${err.message}` });
    }
  });

  router.post(`${BACK}/:id/:verb`, async (ctx) => {
    requireAdmin(ctx);
    const id = idOf(ctx.params.id ?? '', 'Shop');
    await shops.connections.mustGet(id);
    const form = ctx.state.form;
    const text = (name: string): string => form?.get(name)?.trim() ?? '';
    // A refused setting changes nothing and is told in plain words.
    const setting = async (what: string, change: () => Promise<unknown>): Promise<void> => {
      try {
        await change();
        redirect(ctx, BACK, { kind: 'ok', text: `Shop ${id}: ${what} saved.` });
      } catch (err) {
        if (!(err instanceof GatewayError) || err.kind === 'internal') throw err;
        redirect(ctx, BACK, {
          kind: 'error',
          text: `Shop ${id}: ${what} not saved: ${err.message}`,
        });
      }
    };
    switch (ctx.params.verb) {
      case 'options':
        return setting('settings', () =>
          shops.setOptions(id, {
            pushSchedule: text('pushSchedule') || null,
            ordersSchedule: text('ordersSchedule') || null,
            oneInitPerFile: text('oneInitPerFile') === 'on',
          }),
        );
      case 'map-status':
        return setting('status map', () =>
          shops.connections.mapStatus(
            id,
            { site: text('site'), crm: text('crm') },
            SALES_ORDER_STATUSES,
          ),
        );
      case 'unmap-status':
        return setting('status map', () => shops.connections.unmapStatus(id, text('site')));
      case 'test':
        return page(
          ctx,
          TITLE,
          await view(ctx.state.console.csrfToken, { id, result: await shops.test(id) }),
        );
      case 'push': {
        try {
          const r = await shops.push(id);
          return redirect(ctx, BACK, {
            kind: 'ok',
            text: `Shop ${id}: ${r.full ? 'full catalog' : 'changes'} pushed, ${r.products} product(s), ${r.services} service(s), ${r.offers} offer(s), ${r.deleted} deletion(s).`,
          });
        } catch (err) {
          return redirect(ctx, BACK, {
            kind: 'error',
            text: `Shop ${id}: push failed: ${failure(err)}`,
          });
        }
      }
      case 'orders': {
        try {
          const r = await shops.orders(id);
          return redirect(ctx, BACK, {
            kind: 'ok',
            text: `Shop ${id}: ${r.received} order(s) received, ${r.created} new, ${r.updated} changed, ${r.sent} sent back.`,
          });
        } catch (err) {
          return redirect(ctx, BACK, {
            kind: 'error',
            text: `Shop ${id}: order exchange failed: ${failure(err)}`,
          });
        }
      }
      case 'delete':
        await shops.remove(id);
        await hooks.onDeleted(id);
        return redirect(ctx, BACK, { kind: 'ok', text: `Shop ${id} deleted.` });
      default:
        throw new GatewayError('not_found', 'Unknown shop action');
    }
  });
}

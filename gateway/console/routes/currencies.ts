// The "Currencies & taxes" page; admin only, as currencies decide which 1C files are accepted
// (gateway/currencies/README.md). Bad input goes back to the page with the reason and no change.
import type Router from '@koa/router';
import { listCurrencies, setCurrency } from '../../currencies/currencies.js';
import { listTaxes, setTax } from '../../currencies/taxes.js';
import { parseRate } from '../../currencies/values.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { idOf } from '../form.js';
import { currenciesPage } from '../pages/currencies.js';
import { page, redirect, requireAdmin } from './respond.js';

const PATH = '/console/currencies';

export function currencyRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  router.get(PATH, async (ctx) => {
    const { actor } = requireAdmin(ctx);
    const currencies = await listCurrencies(deps.store, actor);
    const taxes = await listTaxes(deps.store, actor);
    page(ctx, 'Currencies & taxes', currenciesPage(currencies, taxes, ctx.state.console.csrfToken));
  });
  router.post(PATH, async (ctx) => {
    const { actor } = requireAdmin(ctx);
    const form = ctx.state.form;
    const id = form?.get('id');
    const saved = await setCurrency(deps.store, actor, {
      ...(id ? { id: idOf(id, 'currency') } : {}),
      code: form?.get('code') ?? '',
      name: form?.get('name') || (form?.get('code') ?? ''),
      symbol: form?.get('symbol') ?? '',
      rate: parseRate('rate', form?.get('rate') ?? '', 0.000001, 1e9),
      active: form?.get('active') === '1',
    });
    redirect(ctx, PATH, { kind: 'ok', text: `Currency ${saved.code} was saved.` });
  });
  router.post(`${PATH}/base`, async (ctx) => {
    const { actor } = requireAdmin(ctx);
    const id = idOf(ctx.state.form?.get('id') ?? '', 'currency');
    const current = (await listCurrencies(deps.store, actor)).find((c) => c.id === String(id));
    const saved = await setCurrency(deps.store, actor, {
      id,
      code: current?.code ?? '',
      base: true,
    });
    redirect(ctx, PATH, { kind: 'ok', text: `${saved.code} is now the base currency.` });
  });
  router.post(`${PATH}/taxes`, async (ctx) => {
    const { actor } = requireAdmin(ctx);
    const form = ctx.state.form;
    const id = form?.get('id');
    const saved = await setTax(deps.store, actor, {
      ...(id ? { id: idOf(id, 'tax') } : {}),
      name: form?.get('name') ?? '',
      rate: parseRate('rate', form?.get('rate') ?? '', 0, 100),
      active: form?.get('active') === '1',
    });
    redirect(ctx, PATH, { kind: 'ok', text: `Tax ${saved.name} was saved.` });
  });
}

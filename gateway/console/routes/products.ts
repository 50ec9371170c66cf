// The read-only product pages, reached from the exchange history; admin only, as the exchange
// history is.
import type Router from '@koa/router';
import { productExtras } from '../../../store/commerceml/product-extras.js';
import { oneCProducts, variantsOf } from '../../../store/commerceml/product-list.js';
import { GatewayError } from '../../../store/errors.js';
import type { ConsoleCtxState } from '../../middleware/console-session.js';
import type { ConsoleDeps } from '../deps.js';
import { productPage, productsPage } from '../pages/products.js';
import { page, requireAdmin } from './respond.js';

const LIST_LIMIT = 200;

export function productRoutes(router: Router<ConsoleCtxState>, deps: ConsoleDeps): void {
  const { store } = deps;
  router.get('/console/products', async (ctx) => {
    requireAdmin(ctx);
    page(
      ctx,
      'Products from 1C',
      productsPage(await oneCProducts(store.db.knex, LIST_LIMIT), LIST_LIMIT),
    );
  });
  router.get('/console/products/:id', async (ctx) => {
    const { actor } = requireAdmin(ctx);
    const id = /^\d{1,12}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : 0;
    const record = id > 0 ? await store.records.get(actor, 'Products', id) : null;
    if (!record) throw new GatewayError('not_found', `There is no product ${ctx.params.id ?? ''}`);
    const parentId = Number(record.values['parent_product_id'] ?? 0);
    const parent = parentId > 0 ? await store.records.get(actor, 'Products', parentId) : null;
    const { stock, taxes } = await productExtras(store.db.knex, id);
    page(
      ctx,
      record.values['productname'] ?? `Product ${id}`,
      productPage({
        id,
        values: record.values,
        parent: parent ? { id: parent.id, name: parent.values['productname'] ?? '' } : null,
        variants: await variantsOf(store.db.knex, id),
        stock,
        taxes,
      }),
    );
  });
}

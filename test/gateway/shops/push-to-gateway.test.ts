// The gateway's own /1c_exchange.php as a real shop-side peer (sync/shop/README.md §6): one
// gateway pushes its catalog over HTTP to a second gateway instance, which imports it as it would
// a 1C unload; the records on both sides are compared, and a second push sends only the changes.
import test from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import { adminActor } from '../commerceml/one-c-client.js';
import { pushCatalog } from '../../../sync/shop/catalog-push.js';
import { secondGateway } from './second-gateway.js';

async function products(gw: TestGateway, module: string): Promise<Record<string, string | null>[]> {
  const actor = await adminActor(gw);
  const list = await gw.store.records.list(actor, module, { limit: 100 });
  return list
    .map((r) => ({
      name: String(r.values[module === 'Services' ? 'servicename' : 'productname'] ?? ''),
      code: module === 'Products' ? String(r.values['productcode'] ?? '') : null,
      price: Number(r.values['unit_price'] ?? 'NaN').toFixed(2),
      qty: module === 'Products' ? String(Number(r.values['qtyinstock'] ?? 'NaN')) : null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

test('a catalog pushed to a second gateway arrives with its groups, prices and stock; a second push is a delta', async (t) => {
  t.timeout(120_000);
  const { crm, shop, actor, cat, deps, conn } = await secondGateway(
    t,
    '/bitrix/admin/1c_exchange.php',
  );

  const first = await pushCatalog(deps, conn.id);
  t.true(first.full);
  t.is(first.products, 2);
  t.is(first.services, 1);
  t.true(first.zip);
  t.deepEqual(await products(shop, 'Products'), await products(crm, 'Products'));
  t.deepEqual(await products(shop, 'Services'), await products(crm, 'Services'));
  const shopActor = await adminActor(shop);
  const groups = await shop.store.records.list(shopActor, 'Catalogs', { limit: 10 });
  t.deepEqual(groups.map((g) => g.values['catalogname']).sort(), ['Ботинки', 'Обувь']);
  const boots = (await shop.store.records.list(shopActor, 'Products', { limit: 10 })).find(
    (p) => p.values['productcode'] === 'Б-41',
  );
  const bootsGroup = groups.find((g) => g.values['catalogname'] === 'Ботинки');
  t.is(String(boots?.values['catalog_id']), String(bootsGroup?.id));
  t.is(
    String(groups.find((g) => g.id === bootsGroup?.id)?.values['parent_id']),
    String(groups.find((g) => g.values['catalogname'] === 'Обувь')?.id),
  );

  await crm.store.records.update(
    actor,
    'Products',
    cat.boots,
    { values: { unit_price: '5100', qtyinstock: '7' } },
    'revise',
  );
  const second = await pushCatalog(deps, conn.id);
  t.false(second.full);
  t.is(second.products, 1);
  t.is(second.offers, 1);
  t.deepEqual(await products(shop, 'Products'), await products(crm, 'Products'));
  const history = await crm.store.exchangeLog.list({ system: 'shop', limit: 10 });
  t.deepEqual(
    history.map((h) => h.status),
    ['ok', 'ok'],
  );
});

// A CRM gateway with the small catalog and a second gateway as its shop, connected over 1C
// (gateway/commerceml/README.md): the set-up of the tests that push to and read from a shop that
// is itself this gateway.
import type { ExecutionContext } from 'ava';
import type { ShopRunDeps } from '../../../sync/shop/catalog-push.js';
import type { Actor } from '../../../store/types.js';
import { ADMIN_ACCESS_KEY, startOneCGateway, type TestGateway } from '../../helpers/gateway.js';
import { adminActor } from '../commerceml/one-c-client.js';
import { runDeps, smallCatalog, type SmallCatalog } from './shop-fixture.js';

export interface SecondGateway {
  readonly crm: TestGateway;
  readonly shop: TestGateway;
  readonly actor: Actor;
  readonly cat: SmallCatalog;
  readonly deps: ShopRunDeps;
  readonly conn: Awaited<ReturnType<ShopRunDeps['connections']['create']>>;
}

/** Both gateways, stopped when the test ends; `exchangePath` is where the shop answers 1C. */
export async function secondGateway(
  t: ExecutionContext,
  exchangePath: string,
): Promise<SecondGateway> {
  const crm = await startOneCGateway();
  t.teardown(() => crm.dispose());
  const shop = await startOneCGateway();
  t.teardown(() => shop.dispose());
  const actor = await adminActor(crm);
  const cat = await smallCatalog(crm.store, actor);
  const deps = runDeps(crm.store);
  const conn = await deps.connections.create({
    name: 'second gateway',
    url: `${shop.url}${exchangePath}`,
    login: 'admin',
    password: ADMIN_ACCESS_KEY,
    userId: actor.userId,
  });
  return { crm, shop, actor, cat, deps, conn };
}

// What shop tests share: the run dependencies over a test gateway's store (a fresh sealing key,
// outbound calls allowed to loopback only, short deadlines) and a small CRM catalog to push.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHttpClient } from '../../../adapters/http.js';
import { SecretBox } from '../../../store/secrets.js';
import { ShopConnectionRepository } from '../../../store/shops/connection-repository.js';
import type { Store } from '../../../store/store.js';
import type { Actor } from '../../../store/types.js';
import type { ShopRunDeps } from '../../../sync/shop/catalog-push.js';

export function runDeps(
  store: Store,
  overrides: Partial<Pick<ShopRunDeps, 'requestTimeoutMs' | 'importBudgetMs'>> = {},
): ShopRunDeps {
  return {
    knex: store.db.knex,
    exchangeLog: store.exchangeLog,
    connections: new ShopConnectionRepository(store.db.knex, new SecretBox(randomBytes(32))),
    http: createHttpClient({
      allowHosts: ['127.0.0.1', 'localhost'],
      timeoutMs: 20_000,
      maxResponseBytes: 10 * 1024 * 1024,
      maxRedirects: 0,
      retries: 0,
      userAgent: 'shop-test',
    }),
    workDir: mkdtempSync(path.join(tmpdir(), 'shop-run-')),
    requestTimeoutMs: overrides.requestTimeoutMs ?? 20_000,
    importBudgetMs: overrides.importBudgetMs ?? 60_000,
    owner: 'ООО «Тест»',
  };
}

export interface SmallCatalog {
  readonly shoes: number;
  readonly boots: number;
  readonly sneakers: number;
  readonly delivery: number;
}

/** Two catalogs (Обувь › Ботинки), two products with prices and stock, one service. */
export async function smallCatalog(store: Store, actor: Actor): Promise<SmallCatalog> {
  const make = async (module: string, values: Record<string, string | null>): Promise<number> =>
    (await store.records.create(actor, module, { values })).id;
  const shoes = await make('Catalogs', { catalogname: 'Обувь' });
  const bootsCat = await make('Catalogs', { catalogname: 'Ботинки', parent_id: String(shoes) });
  const boots = await make('Products', {
    productname: 'Ботинки зимние',
    productcode: 'Б-41',
    usageunit: 'Pieces',
    unit_price: '4990.50',
    qtyinstock: '12',
    catalog_id: String(bootsCat),
  });
  const sneakers = await make('Products', {
    productname: 'Кеды <летние> & "лёгкие"',
    productcode: 'К-7',
    usageunit: 'Pieces',
    unit_price: '1500',
    qtyinstock: '3',
    catalog_id: String(shoes),
  });
  const delivery = await make('Services', {
    servicename: 'Доставка курьером',
    unit_price: '300',
    catalog_id: String(shoes),
  });
  return { shoes, boots, sneakers, delivery };
}

// `shop create|list|show|test|delete|push|orders|status-map|export`: web shops fed by the CRM
// acting as 1C (README "Web shops (CRM as 1C)"), spelled as that section gives them. Passwords
// stay off the command line when wanted: `--password-file F` or `--password -` (standard input).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { GatewayError } from '../../store/errors.js';
import { checkSchema } from '../../store/shops/connection-repository.js';
import type { Store } from '../../store/store.js';
import { ShopService, shopView } from '../../gateway/shops/shop-service.js';
import { writeCatalogFiles } from '../../sync/shop/catalog-files.js';
import { exchangeOrders } from '../../sync/shop/order-exchange.js';
import type { GatewayConfig } from '../../gateway/config.js';
import { flags, str, UsageError } from './args.js';
import { readSecrets } from './link-common.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

const SALES_ORDER_STATUSES = ['Created', 'Approved', 'Delivered', 'Cancelled'];

function withShops<T>(
  config: GatewayConfig,
  fn: (shops: ShopService, store: Store) => Promise<T>,
): Promise<T> {
  return withStore(config, (store) => fn(new ShopService(store, config), store));
}

function shopId(value: string | undefined): number {
  if (value === undefined || !/^\d{1,9}$/.test(value))
    throw new UsageError('--id: expected a shop number');
  return Number(value);
}

/** Takes every `--catalog ID` out of the arguments (the flag repeats). */
function catalogsOf(args: readonly string[]): { rest: string[]; catalogs: number[] } {
  const rest: string[] = [];
  const catalogs: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const inline = a.startsWith('--catalog=') ? a.slice('--catalog='.length) : null;
    if (a !== '--catalog' && inline === null) {
      rest.push(a);
      continue;
    }
    const v = inline ?? args[++i];
    if (v === undefined || !/^\d{1,12}$/.test(v))
      throw new UsageError('--catalog: expected a catalog record id');
    catalogs.push(Number(v));
  }
  return { rest, catalogs };
}

const byId = (args: readonly string[]): number =>
  shopId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));

export const SHOP_COMMANDS: readonly Command[] = [
  {
    noun: 'shop',
    verb: 'create',
    usage:
      'shop create --name N --url URL --login L (--password P | --password-file F | --password -) --user RESPONSIBLE [--catalog ID]... [--schema 2.08] [--encoding utf-8|windows-1251] [--push-schedule SECONDS|CRON] [--orders-schedule SECONDS|CRON] [--one-init-per-file]',
    run: async (args, { config }) => {
      const { rest, catalogs } = catalogsOf(args);
      const f = flags(
        rest,
        {
          name: { type: 'string' },
          url: { type: 'string' },
          login: { type: 'string' },
          password: { type: 'string' },
          'password-file': { type: 'string' },
          user: { type: 'string' },
          schema: { type: 'string' },
          encoding: { type: 'string' },
          'push-schedule': { type: 'string' },
          'orders-schedule': { type: 'string' },
          'one-init-per-file': { type: 'boolean' },
        },
        ['name', 'url', 'login', 'user'],
      );
      const { password } = await readSecrets(f);
      if (password === undefined)
        throw new UsageError('--password, --password-file or --password - is required');
      return withShops(config, async (shops, store) => {
        const name = str(f, 'user') as string;
        const user = await store.users.findByUserName(name);
        if (!user) throw new GatewayError('not_found', `User ${name} does not exist`);
        const c = await shops.connections.create({
          name: str(f, 'name') as string,
          url: str(f, 'url') as string,
          login: str(f, 'login') as string,
          password,
          userId: user.id,
          catalogs,
          ...(str(f, 'schema') !== undefined ? { schema: str(f, 'schema') } : {}),
          ...(str(f, 'encoding') !== undefined ? { encoding: str(f, 'encoding') } : {}),
          pushSchedule: str(f, 'push-schedule') ?? null,
          ordersSchedule: str(f, 'orders-schedule') ?? null,
          oneInitPerFile: f['one-init-per-file'] === true,
        });
        return { id: c.id };
      });
    },
  },
  {
    noun: 'shop',
    verb: 'list',
    usage: 'shop list',
    run: (_args, { config }) =>
      withShops(config, async (shops) => (await shops.connections.list()).map(shopView)),
  },
  {
    noun: 'shop',
    verb: 'show',
    usage: 'shop show --id N',
    run: (args, { config }) => {
      const id = byId(args);
      return withShops(config, async (shops, store) => ({
        ...shopView(await shops.connections.mustGet(id)),
        history: (await store.exchangeLog.list({ system: 'shop', limit: 200 }))
          .filter((h) => h.connection === String(id))
          .slice(0, 10),
      }));
    },
  },
  {
    noun: 'shop',
    verb: 'test',
    usage: 'shop test --id N   (checkauth + init, in plain words)',
    run: (args, { config }) => {
      const id = byId(args);
      return withShops(config, (shops) => shops.test(id));
    },
  },
  {
    noun: 'shop',
    verb: 'delete',
    usage: 'shop delete --id N',
    run: (args, { config }) => {
      const id = byId(args);
      return withShops(config, async (shops) => {
        await shops.remove(id);
        return { deleted: id };
      });
    },
  },
  {
    noun: 'shop',
    verb: 'push',
    usage: 'shop push --id N [--full]   (catalog push now, prints counts)',
    run: (args, { config }) => {
      const f = flags(args, { id: { type: 'string' }, full: { type: 'boolean' } }, ['id']);
      const id = shopId(str(f, 'id'));
      return withShops(config, (shops) => shops.push(id, f['full'] === true));
    },
  },
  {
    noun: 'shop',
    verb: 'orders',
    usage: 'shop orders --id N   (order exchange now, prints counts)',
    run: (args, { config }) => {
      const id = byId(args);
      return withShops(config, (shops, store) => exchangeOrders(shops.deps, store, id));
    },
  },
  {
    noun: 'shop',
    verb: 'status-map',
    usage: 'shop status-map --id N --site "Принят" --crm Approved',
    run: (args, { config }) => {
      const f = flags(
        args,
        { id: { type: 'string' }, site: { type: 'string' }, crm: { type: 'string' } },
        ['id', 'site', 'crm'],
      );
      const id = shopId(str(f, 'id'));
      return withShops(config, async (shops) =>
        shopView(
          await shops.connections.mapStatus(
            id,
            { site: str(f, 'site') as string, crm: str(f, 'crm') as string },
            SALES_ORDER_STATUSES,
          ),
        ),
      );
    },
  },
  {
    noun: 'shop',
    verb: 'export',
    usage:
      'shop export --catalog ID --to DIR [--schema 2.08]   (writes import.xml/offers.xml without sending)',
    run: async (args, { config }) => {
      const { rest, catalogs } = catalogsOf(args);
      const f = flags(rest, { to: { type: 'string' }, schema: { type: 'string' } }, ['to']);
      if (catalogs.length === 0) throw new UsageError('--catalog is required');
      const schema = checkSchema(str(f, 'schema') ?? '2.08');
      const dir = path.resolve(str(f, 'to') as string);
      await mkdir(dir, { recursive: true });
      return withStore(config, async (store) => {
        const files = await writeCatalogFiles(store.db.knex, dir, {
          catalogs,
          since: null,
          schema,
          encoding: 'utf-8',
          owner: 'CRM',
          generatedAt: new Date(),
        });
        return files;
      });
    },
  },
];

// The order exchange with one shop (sync/shop/README.md §5), as 1C runs it: type=sale checkauth →
// init → query (the site's orders) → store them all in one transaction → send back, as
// orders-<uuid>.xml (zipped when the shop asked for zip), the CRM's changes to site orders that
// this exchange did not just write, with the shop's status names → mode=success only after all
// of that, so a run that fails is never acknowledged and the shop resends the same orders. The
// query answer is read whatever its declaration says: valid UTF-8 bytes decide, else windows-1251;
// an empty answer is an empty document; a DOCTYPE is refused (formats/commerceml/cml-stream.ts).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildOrders, type OrderExport } from '../../formats/commerceml/order-document.js';
import { readCml } from '../../formats/commerceml/cml-stream.js';
import { toShopOrder, type ShopOrder } from '../../formats/commerceml/shop-orders.js';
import { nowUtc } from '../../store/db.js';
import type { Store } from '../../store/store.js';
import { itemId } from './catalog-ids.js';
import { sessionFor, SHOP_SYSTEM, type ShopRunDeps } from './catalog-push.js';
import { decodeShopBytes } from './answer.js';
import { storeOrders, SHOP_ORDER_SYSTEM, type IngestCounts } from './order-ingest.js';
import { ShopFailure } from './shop-session.js';
import { zipFiles } from './zip-files.js';

export interface OrdersResult extends IngestCounts {
  readonly received: number;
  readonly sent: number;
}

/** The query answer as UTF-8 text with a declaration that says so. */
async function parseQuery(dir: string, bytes: Buffer): Promise<ShopOrder[]> {
  const text = decodeShopBytes(bytes).trim();
  if (text === '') return [];
  // A shop that fails the query answers a status line instead of a document.
  if (!text.startsWith('<'))
    throw new ShopFailure(`mode=query: the shop answered ${text.slice(0, 2000)}`);
  const file = path.join(dir, 'query.xml');
  await writeFile(file, text.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8"?>'));
  const orders: ShopOrder[] = [];
  try {
    await readCml(file, {
      select: (p) => p.at(-1) === 'Документ' && (p.length === 2 || p.at(-2) === 'Контейнер'),
      onBatch: (events) => {
        for (const e of events) orders.push(toShopOrder(e.node));
        return Promise.resolve();
      },
    });
  } catch (err) {
    throw new ShopFailure(
      `mode=query: the orders document is not readable: ${(err as Error).message}`,
    );
  }
  return orders;
}

/** Site orders the CRM changed since the last exchange and this run did not write. */
async function changedOrders(
  store: Store,
  shopId: number,
  since: string | null,
  touched: ReadonlySet<number>,
  siteName: (crm: string) => string,
): Promise<OrderExport[]> {
  if (since === null) return [];
  const knex = store.db.knex;
  const rows = await knex('sync_links as s')
    .join('crm_entities as e', 'e.id', 's.record_id')
    .join('mod_salesorder as o', 'o.id', 'e.id')
    .leftJoin('mod_currency as c', 'c.id', 'o.currency_id')
    .where({ 's.system': SHOP_ORDER_SYSTEM, 's.connection': String(shopId), 'e.deleted': false })
    .andWhere('e.modifiedtime', '>', since)
    // Written by an exchange and not touched since: the link is stamped after the record.
    .andWhere('e.modifiedtime', '>', knex.ref('s.updated_at'))
    .select<
      {
        id: number;
        remote_id: string;
        remote_etag: string | null;
        createdtime: string;
        sostatus: string | null;
        hdnGrandTotal: number | string | null;
        currency_code: string | null;
        description: string | null;
      }[]
    >(
      'e.id',
      's.remote_id',
      's.remote_etag',
      'e.createdtime',
      'o.sostatus',
      'o.hdnGrandTotal',
      'c.currency_code',
      'o.description',
    );
  const out: OrderExport[] = [];
  for (const r of rows) {
    if (touched.has(Number(r.id))) continue;
    const lines = await knex('inventory_lines as l')
      .leftJoin('crm_entities as p', 'p.id', 'l.product_id')
      .where('l.record_id', r.id)
      .orderBy('l.sequence')
      .select<
        {
          product_id: number | null;
          module: string | null;
          label: string | null;
          quantity: string;
          list_price: string;
          comment: string | null;
        }[]
      >('l.product_id', 'p.module', 'p.label', 'l.quantity', 'l.list_price', 'l.comment');
    const exported = [];
    for (const l of lines) {
      const link =
        l.product_id === null
          ? undefined
          : await knex('sync_links')
              .where({ record_id: l.product_id, system: '1c' })
              .min<{ m: string | null }>({ m: 'remote_id' })
              .first();
      exported.push({
        id: l.product_id === null ? '' : itemId(Number(l.product_id), link?.m ?? null),
        name: l.label ?? l.comment ?? '',
        price: String(Number(l.list_price)),
        quantity: String(Number(l.quantity)),
        sum: String(Number(l.list_price) * Number(l.quantity)),
        isService: l.module === 'Services',
      });
    }
    out.push({
      id: r.remote_etag || r.remote_id,
      number: r.remote_id,
      date: r.createdtime.slice(0, 10),
      time: r.createdtime.slice(11, 19),
      currency: r.currency_code ?? 'RUB',
      sum: String(Number(r.hdnGrandTotal ?? 0)),
      comment: r.description ?? '',
      status: siteName(r.sostatus ?? 'Created'),
      party: null,
      lines: exported,
    });
  }
  return out;
}

export async function exchangeOrders(
  deps: ShopRunDeps,
  store: Store,
  id: number,
): Promise<OrdersResult> {
  const conn = await deps.connections.mustGet(id);
  const password = await deps.connections.password(id);
  const actor = await store.users.actor(conn.userId);
  if (!actor) throw new ShopFailure(`the responsible user ${conn.userId} cannot own records`);
  const startedAt = nowUtc();
  const logId = await deps.exchangeLog.start(SHOP_SYSTEM, 'inbound', String(id));
  const dir = await mkdtemp(path.join(deps.workDir, `shop-${id}-orders-`));
  try {
    const session = sessionFor(deps, conn, password);
    await session.checkauth('sale');
    const init = await session.init('sale', conn.schema);
    const orders = await parseQuery(dir, await session.document('sale', 'query'));
    const { counts, touched } = await storeOrders(deps.knex, actor, id, orders, conn.statusMap);
    const siteName = (crm: string): string =>
      conn.statusMap.find((p) => p.crm === crm)?.site ?? crm;
    const changes = await changedOrders(store, id, conn.ordersUntil, touched, siteName);
    if (changes.length > 0) {
      const name = `orders-${randomUUID()}.xml`;
      const xml = path.join(dir, name);
      await writeFile(xml, buildOrders(changes, new Date(), conn.encoding));
      if (init.zip) {
        const archive = path.join(dir, `${name}.zip`);
        await zipFiles(archive, [{ file: xml, name }]);
        await session.upload('sale', `${name}.zip`, archive, init.fileLimit);
      } else await session.upload('sale', name, xml, init.fileLimit);
      // The new sale flow stores at `file` and applies at `import` (gateway/commerceml/README.md §1.5).
      if (init.version !== null) await session.importFile('sale', name);
    }
    await session.plain('sale', 'success');
    await deps.connections.ordersDone(id, startedAt);
    const result: OrdersResult = { ...counts, received: orders.length, sent: changes.length };
    await deps.exchangeLog.finish(
      logId,
      'ok',
      { created: counts.created, updated: counts.updated },
      null,
      JSON.stringify({ direction: 'from site', ...result }),
    );
    return result;
  } catch (err) {
    const message = (err as Error).message;
    await deps.connections.failed(id, message);
    await deps.exchangeLog.finish(
      logId,
      'error',
      {},
      message,
      JSON.stringify({ direction: 'from site' }),
    );
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

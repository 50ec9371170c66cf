// Storing a shop's orders (sync/shop/README.md §5), all of one query in one transaction, so a
// failure leaves nothing half-applied and the shop is told `success` only afterwards. An order is
// known by (shop, site number) through a sync link of system 'shop', so a resent order updates
// instead of duplicating, and one resent unchanged (same content hash) is left as the CRM has it.
// The responsible user owns what is created. Lines find their product by Ид (a 1C sync link, or
// the crm-<id> the push gave it), then article, then name; a line that
// matches nothing is kept with its name as the comment. A missing account is created under the
// party's name (formats/commerceml/shop-orders.ts); a contact with the party's e-mail is linked.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ShopOrder, ShopOrderLine } from '../../formats/commerceml/shop-orders.js';
import { statusNames } from '../../formats/commerceml/shop-orders.js';
import { GatewayError } from '../../store/errors.js';
import { PicklistRepository } from '../../store/records/picklists.js';
import { RecordRepository } from '../../store/records/record-repository.js';
import type { StatusPair } from '../../store/shops/types.js';
import { SyncLinkRepository } from '../../store/sync-links.js';
import type { Actor, LineItemInput } from '../../store/types.js';
import { SharingRepository } from '../../store/visibility.js';
import { recordOfOwnId } from './catalog-ids.js';

export const SHOP_ORDER_SYSTEM = 'shop';

export interface IngestCounts {
  created: number;
  updated: number;
  /** Resent exactly as before: left alone, so CRM changes made since survive and go back. */
  unchanged: number;
  accounts: number;
  unmatchedLines: number;
}

/** The SalesOrder status a site status maps to; an unknown status fails the whole run. */
export function crmStatus(site: string, map: readonly StatusPair[]): string {
  if (site === '') return 'Created';
  for (const name of statusNames(site)) {
    const found = map.find((p) => p.site === name);
    if (found) return found.crm;
  }
  throw new GatewayError(
    'invalid_input',
    `the shop reports order status «${site}», which the status map does not know (shop status-map --site … --crm …)`,
  );
}

async function productOf(trx: Knex.Transaction, line: ShopOrderLine): Promise<number | null> {
  if (line.id !== '') {
    for (const id of [line.id, line.id.split('#')[0] ?? '']) {
      const own = recordOfOwnId(id.includes('#') ? (id.split('#')[1] ?? '') : id);
      const link = await trx('sync_links')
        .where({ system: '1c', remote_id: id })
        .first<{ record_id: number } | undefined>('record_id');
      const found = link ? Number(link.record_id) : own;
      if (found !== null && (await live(trx, found))) return found;
    }
  }
  for (const [table, column, value] of [
    ['mod_products', 'productcode', line.article],
    ['mod_products', 'productname', line.name],
    ['mod_services', 'servicename', line.name],
  ] as const) {
    if (value === '') continue;
    const row = await trx(`${table} as p`)
      .join('crm_entities as e', 'e.id', 'p.id')
      .where(`p.${column}`, value)
      .andWhere('e.deleted', false)
      .orderBy('e.id')
      .first<{ id: number } | undefined>('e.id');
    if (row) return Number(row.id);
  }
  return null;
}

async function live(trx: Knex.Transaction, id: number): Promise<boolean> {
  const row = await trx('crm_entities')
    .where({ id, deleted: false })
    .whereIn('module', ['Products', 'Services'])
    .first('id');
  return row !== undefined;
}

async function findBy(
  trx: Knex.Transaction,
  table: string,
  column: string,
  value: string,
): Promise<number | null> {
  if (value === '') return null;
  const row = await trx(`${table} as m`)
    .join('crm_entities as e', 'e.id', 'm.id')
    .where(`m.${column}`, value)
    .andWhere('e.deleted', false)
    .orderBy('e.id')
    .first<{ id: number } | undefined>('e.id');
  return row ? Number(row.id) : null;
}

export async function storeOrders(
  knex: Knex,
  actor: Actor,
  shopId: number,
  orders: readonly ShopOrder[],
  statusMap: readonly StatusPair[],
): Promise<{ counts: IngestCounts; touched: Set<number> }> {
  // Checked before anything is written: an unknown status stops the run with nothing stored.
  const statuses = orders.map((o) => crmStatus(o.status, statusMap));
  const counts: IngestCounts = {
    created: 0,
    updated: 0,
    unchanged: 0,
    accounts: 0,
    unmatchedLines: 0,
  };
  const touched = new Set<number>();
  await knex.transaction(async (trx) => {
    const records = new RecordRepository(
      trx,
      new SharingRepository(trx, 0),
      new PicklistRepository(trx),
    );
    const links = new SyncLinkRepository(trx);
    for (const [i, order] of orders.entries()) {
      if (order.number === '')
        throw new GatewayError('invalid_input', 'an order has no Номер and no Ид');
      const hash = createHash('sha1').update(JSON.stringify(order)).digest('hex');
      const known = await links.find(SHOP_ORDER_SYSTEM, String(shopId), order.number, trx);
      const existing =
        known && (await records.status(known.recordId))?.deleted === false ? known.recordId : null;
      if (existing !== null && known?.contentHash === hash) {
        counts.unchanged++;
        continue;
      }
      const partyName = order.party?.name || `Покупатель заказа ${order.number}`;
      let account = await findBy(trx, 'mod_accounts', 'accountname', partyName);
      if (account === null) {
        account = (
          await records.create(actor, 'Accounts', {
            values: {
              accountname: partyName,
              email1: order.party?.email || null,
              phone: order.party?.phone || null,
            },
          })
        ).id;
        counts.accounts++;
      }
      const contact = await findBy(trx, 'mod_contacts', 'email', order.party?.email ?? '');
      const lineItems: LineItemInput[] = [];
      for (const l of order.lines) {
        const productId = await productOf(trx, l);
        if (productId === null) counts.unmatchedLines++;
        lineItems.push({
          productId,
          quantity: l.quantity,
          listPrice: l.price,
          discountPercent: null,
          discountAmount: null,
          taxPercent: null,
          comment: productId === null ? l.name : null,
        });
      }
      const values = {
        subject: `Заказ ${order.number} с сайта`,
        account_id: String(account),
        contact_id: contact === null ? null : String(contact),
        sostatus: statuses[i] ?? 'Created',
        description: order.comment || null,
      };
      let id: number;
      if (existing !== null) {
        await records.update(actor, 'SalesOrder', existing, { values, lineItems }, 'revise');
        id = existing;
        counts.updated++;
      } else {
        id = (
          await records.create(actor, 'SalesOrder', {
            values,
            system: { from_site: order.number },
            lineItems,
          })
        ).id;
        counts.created++;
      }
      touched.add(id);
      await links.upsertMany(
        [
          {
            system: SHOP_ORDER_SYSTEM,
            connection: String(shopId),
            remoteId: order.number,
            recordId: id,
            module: 'SalesOrder',
            remoteEtag: order.id,
            contentHash: hash,
          },
        ],
        trx,
      );
    }
  });
  return { counts, touched };
}

// type=sale&mode=query (gateway/commerceml/README.md §1.5, §6.6): the orders changed since the last
// committed exchange. The point reached is kept as "pending" and becomes "committed" only at
// mode=success (maxpoletaev/opencart-exchange1c#28), so a run that fails in between sends the same
// orders again.
import { fromStoreTime, nowUtc } from '../../store/db.js';
import { runRecordQuery } from '../../store/records/record-query.js';
import type { Store } from '../../store/store.js';
import type { Actor, CrmRecord } from '../../store/types.js';
import { SYSTEM } from './catalog-writer.js';
import type {
  OrderExport,
  OrderLine,
  OrderParty,
} from '../../formats/commerceml/order-document.js';

export const SALE_COMMITTED = 'commerceml.sale.committed';
export const SALE_PENDING = 'commerceml.sale.pending';

/** Whether the record changed at or after `since`; an unreadable time counts as changed (a resend is safe). */
function changedSince(record: CrmRecord, since: string): boolean {
  const at = fromStoreTime(String(record.modifiedTime));
  const from = fromStoreTime(since);
  return Number.isNaN(at) || Number.isNaN(from) || at >= from;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

async function changedOrders(
  store: Store,
  actor: Actor,
  since: string | null,
): Promise<CrmRecord[]> {
  const out: CrmRecord[] = [];
  for (let offset = 0; ; offset += 500) {
    const result = await runRecordQuery(store.db.knex, store.sharing, actor, {
      module: 'SalesOrder',
      columns: '*',
      count: false,
      orderBy: [{ field: 'modifiedtime', direction: 'asc' }],
      limit: 500,
      offset,
      // The record query compares datetimes to the second; the stored commit time has
      // milliseconds (store/db.ts nowUtc): read from the whole second, then keep only what changed
      // at or after the exact point, so an order committed in that second is not sent again.
      where: since
        ? { kind: 'compare', field: 'modifiedtime', op: '>=', value: since.slice(0, 19) }
        : null,
    });
    const page = 'records' in result ? result.records : [];
    out.push(...(since === null ? page : page.filter((r) => changedSince(r, since))));
    if (page.length < 500) return out;
  }
}

async function partyOf(store: Store, actor: Actor, accountId: string): Promise<OrderParty | null> {
  const acc = accountId ? await store.records.get(actor, 'Accounts', Number(accountId)) : null;
  if (!acc) return null;
  const v = acc.values;
  const link = (await store.syncLinks.forRecord(acc.id, SYSTEM))[0];
  const address = [
    v['bill_code'],
    v['bill_country'],
    v['bill_state'],
    v['bill_city'],
    v['bill_street'],
  ]
    .map(str)
    .filter((s) => s !== '')
    .join(', ');
  return {
    id: link?.remoteId ?? `crm-account-${acc.id}`,
    name: str(v['accountname']),
    fullName: str(v['accountname']),
    inn: str(v['inn']),
    kpp: str(v['kpp']),
    address,
    email: str(v['email1']),
    phone: str(v['phone']),
  };
}

async function linesOf(store: Store, actor: Actor, order: CrmRecord): Promise<OrderLine[]> {
  const full = order.lineItems ? order : await store.records.get(actor, 'SalesOrder', order.id);
  const out: OrderLine[] = [];
  for (const item of full?.lineItems ?? []) {
    const status = item.productId ? await store.records.status(item.productId) : null;
    const product =
      item.productId && status
        ? await store.records.get(actor, status.module, item.productId)
        : null;
    const link = item.productId
      ? (await store.syncLinks.forRecord(item.productId, SYSTEM))[0]
      : undefined;
    out.push({
      id: link?.remoteId ?? `crm-product-${item.productId ?? 0}`,
      name: str(product?.values['productname'] ?? product?.values['servicename'] ?? item.comment),
      price: item.listPrice,
      quantity: item.quantity,
      sum: item.netPrice,
      isService: status?.module === 'Services',
    });
  }
  return out;
}

export async function exportOrders(store: Store, actor: Actor, now: Date): Promise<OrderExport[]> {
  const since = await store.settings.get<string | null>(SALE_COMMITTED, null);
  const orders = await changedOrders(store, actor, since);
  await store.settings.set(SALE_PENDING, nowUtc(now));
  const out: OrderExport[] = [];
  for (const o of orders) {
    out.push({
      id: String(o.id),
      number: o.recordNo ?? String(o.id),
      date: o.createdTime.slice(0, 10),
      time: o.createdTime.slice(11, 19),
      currency: 'RUB',
      sum: str(o.values['hdnGrandTotal']) || '0',
      comment: str(o.values['description']),
      status: str(o.values['sostatus']),
      party: await partyOf(store, actor, str(o.values['account_id'])),
      lines: await linesOf(store, actor, o),
    });
  }
  return out;
}

/** mode=success: the pending point becomes the committed one. */
export async function commitOrders(store: Store): Promise<void> {
  const pending = await store.settings.get<string | null>(SALE_PENDING, null);
  if (pending) await store.settings.set(SALE_COMMITTED, pending);
}

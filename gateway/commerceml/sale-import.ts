// type=sale mode=file (old flow) / mode=import (new flow) (gateway/commerceml/README.md §1.5,
// §2.4): 1C's order changes update existing SalesOrders only, matched by the CRM order number in
// Номер — never created. The whole file is parsed first, so a broken file changes nothing.
import { runRecordQuery } from '../../store/records/record-query.js';
import type { Store } from '../../store/store.js';
import type { Actor, LineItemInput } from '../../store/types.js';
import { SYSTEM } from './catalog-writer.js';
import { readCmlSettings } from './settings.js';
import { readCml } from '../../formats/commerceml/cml-stream.js';
import {
  orderState,
  toOrderChange,
  type OrderChange,
  type OrderParty,
} from '../../formats/commerceml/order-changes.js';

export interface SaleCounts {
  updated: number;
  unknown: number;
}

async function parseChanges(file: string): Promise<OrderChange[]> {
  const changes: OrderChange[] = [];
  await readCml(file, {
    select: (p) =>
      p[p.length - 1] === 'Документ' && (p.length === 2 || p[p.length - 2] === 'Контейнер'),
    onBatch: (events) => {
      for (const e of events) changes.push(toOrderChange(e.node));
      return Promise.resolve();
    },
  });
  return changes;
}

async function findOrder(store: Store, actor: Actor, number: string): Promise<number | null> {
  if (number === '') return null;
  const result = await runRecordQuery(store.db.knex, store.sharing, actor, {
    module: 'SalesOrder',
    columns: '*',
    count: false,
    orderBy: [],
    limit: 1,
    offset: 0,
    where: { kind: 'compare', field: 'salesorder_no', op: '=', value: number },
  });
  const rec = 'records' in result ? result.records[0] : undefined;
  return rec ? rec.id : null;
}

async function lineItems(
  store: Store,
  connection: string,
  change: OrderChange,
): Promise<LineItemInput[]> {
  const out: LineItemInput[] = [];
  for (const l of change.lines) {
    const link =
      (await store.syncLinks.find(SYSTEM, connection, l.productId)) ??
      (await store.syncLinks.find(SYSTEM, connection, l.productId.split('#')[0] ?? ''));
    if (!link) continue;
    out.push({
      productId: link.recordId,
      quantity: l.quantity,
      listPrice: l.price,
      discountPercent: null,
      discountAmount: null,
      taxPercent: null,
      comment: null,
    });
  }
  return out;
}

/** The 1C counterparty by its 1C id, then by name, else a new Account (linked). */
async function accountFor(
  store: Store,
  actor: Actor,
  connection: string,
  party: OrderParty,
): Promise<number> {
  const key = party.id ? `account:${party.id}` : '';
  const link = key ? await store.syncLinks.find(SYSTEM, connection, key) : null;
  if (link && (await store.records.status(link.recordId))?.deleted === false) return link.recordId;
  const result = await runRecordQuery(store.db.knex, store.sharing, actor, {
    module: 'Accounts',
    columns: '*',
    count: false,
    orderBy: [],
    limit: 1,
    offset: 0,
    where: { kind: 'compare', field: 'accountname', op: '=', value: party.name },
  });
  const found = 'records' in result ? result.records[0] : undefined;
  const id = found
    ? found.id
    : (
        await store.records.create(actor, 'Accounts', {
          values: { accountname: party.name, inn: party.inn || null, kpp: party.kpp || null },
        })
      ).id;
  if (key)
    await store.syncLinks.upsert({
      system: SYSTEM,
      connection,
      remoteId: key,
      recordId: id,
      module: 'Accounts',
      remoteEtag: null,
      contentHash: null,
    });
  return id;
}

export async function importOrders(
  store: Store,
  actor: Actor,
  connection: string,
  file: string,
): Promise<SaleCounts> {
  const changes = await parseChanges(file);
  const { statuses } = await readCmlSettings(store);
  const counts: SaleCounts = { updated: 0, unknown: 0 };
  for (const change of changes) {
    const id = await findOrder(store, actor, change.number);
    if (id === null) {
      counts.unknown++;
      continue;
    }
    const items = await lineItems(store, connection, change);
    const values: Record<string, string> = { sostatus: statuses[orderState(change)] };
    if (change.party)
      values['account_id'] = String(await accountFor(store, actor, connection, change.party));
    await store.records.update(
      actor,
      'SalesOrder',
      id,
      {
        values,
        ...(items.length > 0 ? { lineItems: items } : {}),
      },
      'revise',
    );
    counts.updated++;
  }
  return counts;
}

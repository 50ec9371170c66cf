// Stock lowered by SalesOrder lines, as vtiger 8.2 lowers it (updateInventoryProductRel: each
// line's quantity is taken from its product's qtyinstock and the line is marked incrementondel;
// deleting the record gives it back). Each line lowers stock at most once: an update of the lines
// first gives back what the old lines took, then takes for the new ones, so the product moves by
// the difference; a record restored from the recycle bin takes again. Services have no stock. On by
// default as in vtiger; the setting below turns it off (test/gateway/rest/inventory-stock.test.ts).
import type { Knex } from 'knex';
import { getModule } from '../modules/registry.js';
import { formatDecimal, parseDecimal } from './decimal.js';

/** settings key (store/settings.ts): false stops SalesOrder lines from lowering stock. */
export const SALESORDER_STOCK_SETTING = 'inventory.salesorder_lowers_stock';

type Db = Knex | Knex.Transaction;

interface StockLine {
  id: number;
  product_id: number;
  quantity: string | number;
}

function decimal(value: unknown): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  return parseDecimal(typeof value === 'number' ? value.toFixed(8) : String(value));
}

async function lowersStock(db: Db, module: string): Promise<boolean> {
  if (module !== 'SalesOrder') return false;
  const row = await db('settings')
    .where({ key: SALESORDER_STOCK_SETTING })
    .first<{ value: string } | undefined>('value');
  return row?.value !== 'false';
}

/** Lines of a record that point to a Products record, with or without the stock mark. */
async function productLines(db: Db, recordId: number, marked: boolean): Promise<StockLine[]> {
  return db({ l: 'inventory_lines' })
    .join({ p: getModule('Products').table }, 'p.id', 'l.product_id')
    .where('l.record_id', recordId)
    .where('l.incrementondel', marked)
    .select<StockLine[]>('l.id', 'l.product_id', 'l.quantity');
}

async function moveStock(db: Db, lines: readonly StockLine[], sign: 1n | -1n): Promise<void> {
  const table = getModule('Products').table;
  for (const line of lines) {
    // One UPDATE per product, so that concurrent orders never lose each other's change.
    const delta = formatDecimal(sign * decimal(line.quantity));
    await db(table)
      .where({ id: line.product_id })
      .update({
        qtyinstock: db.raw('COALESCE(??, 0) + CAST(? AS DECIMAL(25, 8))', ['qtyinstock', delta]),
      });
    await db('inventory_lines')
      .where({ id: line.id })
      .update({ incrementondel: sign === -1n });
  }
}

/** Takes the quantities of a SalesOrder's unmarked product lines from stock (when enabled). */
export async function takeStock(db: Db, module: string, recordId: number): Promise<void> {
  if (!(await lowersStock(db, module))) return;
  await moveStock(db, await productLines(db, recordId, false), -1n);
}

/** Gives back what a record's lines took from stock (whatever the module: only marked lines move). */
export async function giveBackStock(db: Db, recordId: number): Promise<void> {
  await moveStock(db, await productLines(db, recordId, true), 1n);
}

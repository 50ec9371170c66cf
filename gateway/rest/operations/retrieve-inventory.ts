// retrieve_inventory (gateway/rest/README.md §2, vtiger ≥6.0): an inventory record (SalesOrder,
// Invoice, Quotes) with its `LineItems`. In vtiger 8.2 it is retrieve plus LineItems again, so the
// answer is retrieve's (inventory-present.ts).
import { callerOf, type OpContext } from '../deps.js';
import { text } from '../params.js';
import { withInventory } from '../inventory-present.js';
import { presentRecord } from '../present.js';
import { loadRecord } from '../record-access.js';
import { wsError } from '../ws-errors.js';

export async function retrieveInventory(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const { def, record } = await loadRecord(ctx.deps, caller, text(ctx.params, 'id'), 'read');
  if (!def.inventory)
    throw wsError(
      'OPERATION_NOT_SUPPORTED',
      `retrieve_inventory reads SalesOrder, Invoice and Quotes records, not ${def.name}`,
    );
  return withInventory(
    ctx.deps.store,
    record,
    await presentRecord(ctx.deps.store, record, { hidden: caller.actor.rights?.fields }),
  );
}

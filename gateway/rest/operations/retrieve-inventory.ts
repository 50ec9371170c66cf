// retrieve_inventory (gateway/rest/README.md §2, vtiger ≥6.0): an inventory record (SalesOrder,
// Invoice, Quotes) with its `LineItems`.
import { callerOf, type OpContext } from '../deps.js';
import { text } from '../params.js';
import { presentInventory } from '../present.js';
import { loadRecord } from '../record-access.js';
import { wsError } from '../ws-errors.js';

export async function retrieveInventory(ctx: OpContext): Promise<unknown> {
  const { def, record } = await loadRecord(ctx.deps, callerOf(ctx), text(ctx.params, 'id'), 'read');
  if (!def.inventory)
    throw wsError(
      'OPERATION_NOT_SUPPORTED',
      `retrieve_inventory reads SalesOrder, Invoice and Quotes records, not ${def.name}`,
    );
  return presentInventory(ctx.deps.store, record);
}

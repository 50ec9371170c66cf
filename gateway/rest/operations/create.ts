// create (gateway/rest/README.md §2, Create.php): elementType + element (JSON) → the created record
// in retrieve shape (an inventory record with its lines, inventory-present.ts). Unknown fields are
// ignored, or refused by name in strict mode (element-input.ts).
import { callerOf, type OpContext } from '../deps.js';
import { elementToInput } from '../element-input.js';
import { logRelaxed } from '../lenient-values.js';
import { requireModuleRight } from '../module-rights.js';
import { encodedObject, text } from '../params.js';
import { withInventory } from '../inventory-present.js';
import { presentRecord } from '../present.js';
import { namedModule, recordModule } from '../record-access.js';

export async function create(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const def = recordModule(namedModule(text(ctx.params, 'elementType')));
  requireModuleRight(caller.actor, def, 'create');
  const element = encodedObject(ctx.params, 'element');
  const input = await elementToInput(ctx.deps, caller, def, element, 'create', {
    defaultOwnerToCaller: ctx.dialect === 'vtenext',
  });
  const record = await ctx.deps.store.records.create(caller.actor, def.name, input);
  logRelaxed(ctx.log, def.name, record.id, input.relaxed);
  const present = await presentRecord(ctx.deps.store, record, {
    hidden: caller.actor.rights?.fields,
  });
  if (!def.inventory) return present;
  return withInventory(ctx.deps.store, record, present, {
    numericTotals: ctx.dialect === 'vtiger' && input.lineItems !== undefined,
  });
}

// The shared body of update and revise (gateway/rest/README.md §2 Update.php / Revise.php): the
// element carries the id; update needs every mandatory field (clients send the whole retrieved
// record), revise only what changes. Inventory records answer with their lines
// (inventory-present.ts).
import type { Caller, RestDeps } from '../deps.js';
import { elementToInput } from '../element-input.js';
import { logRelaxed } from '../lenient-values.js';
import type { Logger } from '../../logger.js';
import { withInventory } from '../inventory-present.js';
import { presentRecord } from '../present.js';
import { loadRecord } from '../record-access.js';

export async function writeRecord(
  deps: RestDeps,
  caller: Caller,
  idText: unknown,
  element: Readonly<Record<string, unknown>>,
  mode: 'update' | 'revise',
  log: Logger,
  /** vtiger's answer: totals as numbers when lines were written (inventory-present.ts). */
  numericTotals = false,
): Promise<unknown> {
  const { def, record } = await loadRecord(deps, caller, idText, 'write');
  const input = await elementToInput(deps, caller, def, element, mode, { current: record });
  const saved = await deps.store.records.update(caller.actor, def.name, record.id, input, mode);
  logRelaxed(log, def.name, record.id, input.relaxed);
  const present = await presentRecord(deps.store, saved, { hidden: caller.actor.rights?.fields });
  if (!def.inventory) return present;
  return withInventory(deps.store, saved, present, {
    numericTotals: numericTotals && input.lineItems !== undefined,
  });
}

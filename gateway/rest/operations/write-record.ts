// The shared body of update and revise (gateway/rest/README.md §2 Update.php / Revise.php): the
// element carries the id; update needs every mandatory field (clients send the whole retrieved
// record), revise only what changes.
import type { Caller, RestDeps } from '../deps.js';
import { elementToInput } from '../element-input.js';
import { presentRecord } from '../present.js';
import { loadRecord } from '../record-access.js';

export async function writeRecord(
  deps: RestDeps,
  caller: Caller,
  idText: unknown,
  element: Readonly<Record<string, unknown>>,
  mode: 'update' | 'revise',
): Promise<unknown> {
  const { def, record } = await loadRecord(deps, caller, idText, 'write');
  const input = await elementToInput(deps, caller, def, element, mode, { current: record });
  const saved = await deps.store.records.update(caller.actor, def.name, record.id, input, mode);
  return presentRecord(deps.store, saved);
}

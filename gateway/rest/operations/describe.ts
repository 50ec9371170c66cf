// describe (webservices.md §4, VtigerModuleOperation::describe 8.2): fields with types,
// picklist values from the live lists, refersTo, idPrefix as a string, the id pseudo-field last.
import type { OpContext } from '../deps.js';
import { text } from '../params.js';
import { namedModule } from '../record-access.js';

export async function describe(ctx: OpContext): Promise<unknown> {
  return ctx.deps.metadata.describe(namedModule(text(ctx.params, 'elementType')));
}

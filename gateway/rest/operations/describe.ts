// describe (gateway/rest/README.md §4, VtigerModuleOperation::describe 8.2): fields with types,
// picklist values from the live lists, refersTo, idPrefix as a string, the id pseudo-field last.
// Virtual modules (virtual/registry.ts) are looked up first and described as read-only.
import { callerOf, type OpContext } from '../deps.js';
import { describeVirtual } from '../metadata.js';
import { describeFieldsFor, describeFlags, requireModuleRight } from '../module-rights.js';
import { text } from '../params.js';
import { namedModule } from '../record-access.js';
import { findVirtualModule } from '../virtual/registry.js';

export async function describe(ctx: OpContext): Promise<unknown> {
  const name = text(ctx.params, 'elementType');
  const virtual = findVirtualModule(name);
  if (virtual) return describeVirtual(virtual);
  const def = namedModule(name);
  const actor = callerOf(ctx).actor;
  requireModuleRight(actor, def, 'read');
  const body = await ctx.deps.metadata.describe(def);
  return {
    ...body,
    ...describeFlags(actor, def),
    fields: describeFieldsFor(actor, def, body.fields),
  };
}

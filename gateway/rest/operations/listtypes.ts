// listtypes (gateway/rest/README.md §2): every module with isEntity/label/singular; fieldTypeList
// (an encoded list such as ["email"]) keeps the modules that have a field of one of those types.
// An empty list filters nothing, as in vtiger 8.2 (test/gateway/rest/describe-metadata.test.ts).
// Modules the caller's profile may not view are left out, as vtiger's vtws_listtypes does.
import { callerOf, type OpContext } from '../deps.js';
import { listsModule } from '../module-rights.js';
import { encoded } from '../params.js';
import { wsError } from '../ws-errors.js';

function fieldTypes(value: unknown): string[] | null {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw wsError(
    'INTERNAL_SERVER_ERROR',
    'Parameter fieldTypeList must be a JSON list of type names such as ["email"]',
  );
}

export async function listTypes(ctx: OpContext): Promise<unknown> {
  const actor = callerOf(ctx).actor;
  return ctx.deps.metadata.listTypes(fieldTypes(encoded(ctx.params, 'fieldTypeList')), (def) =>
    listsModule(actor, def),
  );
}

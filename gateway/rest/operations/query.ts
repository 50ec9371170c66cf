// query (gateway/rest/README.md §3): VTQL compiled by a real parser into a parameterised store
// query. Text that went through JavaScript's escape() is decoded leniently (§7). A FROM naming a
// virtual module (virtual/registry.ts) runs against that module, with the same rules and caps;
// Users and Groups run over the directory (directory/directory-query.ts).
import { findModule } from '../../../store/modules/registry.js';
import { callerOf, type OpContext } from '../deps.js';
import { queryDirectory } from '../directory/directory-query.js';
import { requireModuleRight } from '../module-rights.js';
import { text } from '../params.js';
import { compileOptions, runQuery } from '../run-query.js';
import { findVirtualModule } from '../virtual/registry.js';
import { queryVirtual } from '../virtual/run-virtual.js';
import { decodeLenient } from '../vtql/decode-lenient.js';
import { parseVtql } from '../vtql/parser.js';
import { toRecordQuery } from '../vtql/to-record-query.js';
import { wsError } from '../ws-errors.js';

export async function query(ctx: OpContext): Promise<unknown> {
  const source = text(ctx.params, 'query');
  if (source.trim() === '') {
    // vtiger's words when the query is missing, e.g. POSTed although query is a GET operation.
    throw wsError(
      'ACCESS_DENIED',
      'Permission to perform the operation is denied for query: no query given (query is read from the URL of a GET request)',
    );
  }
  const options = compileOptions(ctx.deps, ctx.dialect);
  const ast = parseVtql(decodeLenient(source), { extensions: options.extensions });
  const virtual = findVirtualModule(ast.module.name);
  ctx.deps.onActivitiesListed(ast.module.name, callerOf(ctx).actor.userId);
  if (virtual) return queryVirtual(ctx.deps, callerOf(ctx), virtual, ast, options.maxRows);
  const directory = findModule(ast.module.name);
  if (directory && directory.kind !== 'entity')
    return queryDirectory(ctx.deps, callerOf(ctx), directory, ast, options.maxRows);
  if (directory) requireModuleRight(callerOf(ctx).actor, directory, 'read');
  return runQuery(ctx.deps, callerOf(ctx), toRecordQuery(ast, options));
}

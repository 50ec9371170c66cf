// vtenext `update` (gateway/rest/README.md §6: REST name of operation updateRecord): `id` +
// `columns`, the columns given changing and the others kept — a revise with the id outside the
// element.
import { callerOf, type OpContext } from '../deps.js';
import { encodedObject, text } from '../params.js';
import { writeRecord } from './write-record.js';

export async function updateRecord(ctx: OpContext): Promise<unknown> {
  const columns = encodedObject(ctx.params, 'columns');
  return writeRecord(ctx.deps, callerOf(ctx), text(ctx.params, 'id'), columns, 'revise', ctx.log);
}

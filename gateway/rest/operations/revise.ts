// revise (gateway/rest/README.md §2, Revise.php): a partial update; mandatory fields that are given
// must not be empty.
import { callerOf, type OpContext } from '../deps.js';
import { encodedObject } from '../params.js';
import { writeRecord } from './write-record.js';

export async function revise(ctx: OpContext): Promise<unknown> {
  const element = encodedObject(ctx.params, 'element');
  return writeRecord(
    ctx.deps,
    callerOf(ctx),
    element.id,
    element,
    'revise',
    ctx.log,
    ctx.dialect === 'vtiger',
  );
}

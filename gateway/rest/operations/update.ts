// update (gateway/rest/README.md §2, Update.php): the whole record; every mandatory field must be
// present (MANDATORY_FIELDS_MISSING otherwise) — revise is the partial update.
import { callerOf, type OpContext } from '../deps.js';
import { encodedObject } from '../params.js';
import { writeRecord } from './write-record.js';

export async function update(ctx: OpContext): Promise<unknown> {
  const element = encodedObject(ctx.params, 'element');
  return writeRecord(
    ctx.deps,
    callerOf(ctx),
    element.id,
    element,
    'update',
    ctx.log,
    ctx.dialect === 'vtiger',
  );
}

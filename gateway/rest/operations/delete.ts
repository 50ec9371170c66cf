// delete (gateway/rest/README.md §2, Delete.php): moves the record to the recycle bin (restorable).
import { callerOf, type OpContext } from '../deps.js';
import { text } from '../params.js';
import { loadRecord } from '../record-access.js';

export async function deleteRecord(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const { def, record } = await loadRecord(
    ctx.deps,
    caller,
    text(ctx.params, 'id'),
    'write',
    'delete',
  );
  await ctx.deps.store.recycleBin.delete(caller.actor, def.name, record.id);
  return { status: 'successful' };
}

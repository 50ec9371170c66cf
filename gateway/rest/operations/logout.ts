// logout (gateway/rest/README.md §2): POST only — the one operation vtiger checks the HTTP method
// of.
import { callerOf, type OpContext } from '../deps.js';
import { wsError } from '../ws-errors.js';

export async function logout(ctx: OpContext): Promise<unknown> {
  if (ctx.httpMethod !== 'POST')
    throw wsError('OPERATION_NOT_SUPPORTED', 'Only POST method is supported for logout');
  const caller = callerOf(ctx);
  if (caller.sessionName) await ctx.deps.sessions.destroy(caller.sessionName);
  return { message: 'successfull' };
}

// extendsession (gateway/rest/README.md §2): vtiger adopts the web UI's PHP session (PHPSESSID).
// The gateway has no such session to adopt, so it answers as vtiger does without one.
import type { OpContext } from '../deps.js';
import { wsError } from '../ws-errors.js';

export async function extendSession(ctx: OpContext): Promise<unknown> {
  void ctx;
  throw wsError('AUTHENTICATION_FAILURE', 'Authencation Failed');
}

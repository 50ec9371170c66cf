// The caller of a vtiger operation from its sessionName (gateway/rest/README.md §1 SessionManager):
// unknown → INVALID_SESSIONID, over 24 h → SESSION_EXPIRED, 30 min unused → SESSION_LEFT_IDLE.
// A session of a user who was deactivated since ends here too (within the caller cache's TTL).
import type { Caller, RestDeps } from './deps.js';
import { MESSAGES, wsError } from './ws-errors.js';

export async function sessionCaller(deps: RestDeps, sessionName: string): Promise<Caller> {
  const check = await deps.sessions.check(sessionName);
  if (!check.ok) {
    if (check.reason === 'expired') throw wsError('SESSION_EXPIRED', MESSAGES.sessionExpired);
    if (check.reason === 'idle') throw wsError('SESSION_LEFT_IDLE', MESSAGES.sessionIdle);
    throw wsError('INVALID_SESSIONID', MESSAGES.invalidSession);
  }
  const cached = await deps.callers.get(check.userId);
  if (!cached) {
    await deps.sessions.destroy(sessionName);
    throw wsError('INVALID_SESSIONID', MESSAGES.invalidSession);
  }
  return { ...cached, sessionName };
}

// mode=checkauth (gateway/commerceml/README.md §1.2, BXCAT): five lines — success, cookie name,
// cookie value, sessid=<token> (newer 1C modules echo it as a query parameter) and timestamp=<unix
// time> (later sent back with mode=deactivate). Old clients read only the first three.
import type { CmlDeps } from '../deps.js';

export async function checkauth(
  deps: CmlDeps,
  userId: number,
  now: Date = new Date(),
): Promise<string> {
  const session = await deps.exchange.createSession(userId);
  // A new exchange is the moment to drop the folders of old ones that never finished.
  await deps.folder.prune(deps.workMaxAgeMs, session.token, now.getTime());
  return [
    'success',
    deps.cookieName,
    session.token,
    `sessid=${session.token}`,
    `timestamp=${Math.floor(now.getTime() / 1000)}`,
  ].join('\n');
}

// mode=init (gateway/commerceml/README.md §1.3): the work folder is wiped because 1C appends chunks
// by file name with no offsets, so a leftover file would be appended to
// (KirilLoveVE/exchange1c_v1.6_oc2.3#51). sessid and version are only answered when 1C sent
// version, as BXSALE does.
import type { CmlSession } from '../../../store/commerceml/exchange-repository.js';
import type { CmlDeps } from '../deps.js';

export const ADVERTISED_VERSION = '2.08';

export async function init(
  deps: CmlDeps,
  session: CmlSession,
  version: string | null,
): Promise<string> {
  await deps.folder.clear(session.token);
  await deps.exchange.clearRuns(session.token);
  await deps.exchange.touchSession(session.token, version);
  const lines = ['zip=yes', `file_limit=${deps.fileLimit}`];
  if (version !== null) lines.push(`sessid=${session.token}`, `version=${ADVERTISED_VERSION}`);
  return lines.join('\n');
}

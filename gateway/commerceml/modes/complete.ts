// mode=complete (gateway/commerceml/README.md §1.4 step 3): the end of a catalog run. Every file
// was applied at its own mode=import; a full snapshot not yet followed by mode=deactivate is
// settled here.
import type { CmlSession } from '../../../store/commerceml/exchange-repository.js';
import type { CmlDeps } from '../deps.js';
import { runDeactivation } from './deactivate.js';

/** The files of the run were applied at their mode=import, so the work folder goes with it. */
export async function complete(deps: CmlDeps, session: CmlSession): Promise<string> {
  const n = await runDeactivation(deps, session);
  await deps.folder.remove(session.token);
  return n === null ? 'success' : `success\n${n} deactivated`;
}

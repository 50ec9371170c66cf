// mode=deactivate (gateway/commerceml/README.md §1.4 step 3, BXCAT): newer 1C modules send it after
// a full unload with the timestamp of checkauth; Bitrix answers failure without one. Products and
// services a full snapshot of this session lacked are deactivated here, never deleted.
import type { CmlSession } from '../../../store/commerceml/exchange-repository.js';
import { GatewayError } from '../../errors.js';
import type { CmlDeps } from '../deps.js';
import { deactivateMissing } from '../snapshot.js';
import { sessionDir } from '../work-dir.js';

export async function runDeactivation(deps: CmlDeps, session: CmlSession): Promise<number | null> {
  const actor = await deps.store.users.actor(session.userId);
  if (!actor) throw new GatewayError('unauthenticated', 'the exchange user is no longer active');
  return deactivateMissing(
    deps.store,
    actor,
    deps.connection,
    sessionDir(deps.workRoot, session.token),
  );
}

export async function deactivate(
  deps: CmlDeps,
  session: CmlSession,
  timestamp: string | null,
): Promise<string> {
  if (!timestamp || !/^\d+$/.test(timestamp))
    throw new GatewayError('invalid_input', 'mode=deactivate needs the timestamp from checkauth');
  const n = await runDeactivation(deps, session);
  return n === null
    ? 'success\nno full catalog in this exchange: nothing deactivated'
    : `success\n${n} deactivated`;
}

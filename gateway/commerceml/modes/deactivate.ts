// mode=deactivate (gateway/commerceml/README.md §1.4 step 3, BXCAT): newer 1C modules send it after
// a full unload with the timestamp of checkauth; Bitrix answers failure without one. Products and
// services a full snapshot of this session lacked are deactivated here, never deleted.
import type { CmlSession } from '../../../store/commerceml/exchange-repository.js';
import { GatewayError } from '../../errors.js';
import type { CmlDeps } from '../deps.js';
import { deactivateMissing, SNAPSHOT_FILE } from '../snapshot.js';

export async function runDeactivation(deps: CmlDeps, session: CmlSession): Promise<number | null> {
  const actor = await deps.store.users.actor(session.userId);
  if (!actor) throw new GatewayError('unauthenticated', 'the exchange user is no longer active');
  const dir = await deps.folder.checkout(session.token);
  const n = await deactivateMissing(deps.store, actor, deps.connection, dir);
  // The list is used up: no other replica may deactivate from it again.
  await deps.folder.publish(session.token, [SNAPSHOT_FILE]);
  return n;
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

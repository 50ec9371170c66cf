// type=sale&mode=file (gateway/commerceml/README.md §1.5): in the old flow (no `version` at init)
// the file is applied at once and the answer may carry notes; in the new flow it is only stored and
// mode=import applies it through the background job, like a catalog file.
import type { Readable } from 'node:stream';
import type { CmlSession } from '../../../store/commerceml/exchange-repository.js';
import { GatewayError } from '../../errors.js';
import type { CmlDeps } from '../deps.js';
import { importOrders } from '../sale-import.js';
import { unzipLimitsFor } from '../user-quota.js';
import { resolveIn } from '../work-dir.js';
import { file } from './file.js';

export async function saleFile(
  deps: CmlDeps,
  session: CmlSession,
  filename: string | null,
  body: Readable,
): Promise<string> {
  await file(deps, session, filename, body);
  if (session.version !== null || !filename || filename.toLowerCase().endsWith('.zip'))
    return 'success';
  const actor = await deps.store.users.actor(session.userId);
  if (!actor) throw new GatewayError('unauthenticated', 'the exchange user is no longer active');
  const dir = await deps.folder.checkout(session.token);
  await deps.folder.unpack(session.token, dir, await unzipLimitsFor(deps, session, dir));
  const logId = await deps.store.exchangeLog.start('1c', 'inbound', deps.connection);
  try {
    const counts = await importOrders(deps.store, actor, deps.connection, resolveIn(dir, filename));
    await deps.store.exchangeLog.finish(
      logId,
      'ok',
      { updated: counts.updated },
      null,
      `orders: ${counts.unknown} unknown`,
    );
    return `success\n${counts.updated} orders updated, ${counts.unknown} unknown`;
  } catch (err) {
    await deps.store.exchangeLog.finish(
      logId,
      'error',
      {},
      err instanceof Error ? err.message : String(err),
    );
    throw err;
  }
}

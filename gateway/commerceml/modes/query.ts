// type=sale&mode=query (gateway/commerceml/README.md §1.5): the body is the CommerceML document
// itself, not a status line, in the encoding the setting names (UTF-8 by default, windows-1251 for
// old 1C).
import type { CmlSession } from '../../../store/commerceml/exchange-repository.js';
import { GatewayError } from '../../errors.js';
import type { CmlDeps } from '../deps.js';
import { SYSTEM } from '../catalog-writer.js';
import { exportOrders } from '../sale-export.js';
import { readCmlSettings } from '../settings.js';
import { buildOrders } from '../../../formats/commerceml/order-document.js';

export interface QueryAnswer {
  readonly body: Buffer;
  readonly contentType: string;
}

export async function query(
  deps: CmlDeps,
  session: CmlSession,
  now: Date = new Date(),
): Promise<QueryAnswer> {
  const actor = await deps.store.users.actor(session.userId);
  if (!actor) throw new GatewayError('unauthenticated', 'the exchange user is no longer active');
  const { encoding } = await readCmlSettings(deps.store);
  // Every exchange is logged, the orders sent to 1C included (outbound).
  const logId = await deps.store.exchangeLog.start(SYSTEM, 'outbound', deps.connection);
  try {
    const orders = await exportOrders(deps.store, actor, now);
    const body = buildOrders(orders, now, encoding);
    await deps.store.exchangeLog.finish(
      logId,
      'ok',
      {},
      null,
      `${orders.length} orders sent (mode=query)`,
    );
    return { body, contentType: `application/xml; charset=${encoding}` };
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

// type=sale&mode=success (gateway/commerceml/README.md §1.5): 1C got the orders of mode=query; only
// now do they count as transferred (BXSALE commits last_export_time_committed here, not at query).
import type { CmlSession } from '../../../store/commerceml/exchange-repository.js';
import type { CmlDeps } from '../deps.js';
import { commitOrders } from '../sale-export.js';

/** The end of a sale run: the committed point moves, and the session's work folder is removed. */
export async function saleSuccess(deps: CmlDeps, session: CmlSession): Promise<string> {
  await commitOrders(deps.store);
  await deps.folder.remove(session.token);
  return 'success';
}

// type=sale&mode=success (commerceml.md §1.5): 1C got the orders of mode=query; only now do they
// count as transferred (BXSALE commits last_export_time_committed here, not at query).
import type { CmlDeps } from '../deps.js';
import { commitOrders } from '../sale-export.js';

export async function saleSuccess(deps: CmlDeps): Promise<string> {
  await commitOrders(deps.store);
  return 'success';
}

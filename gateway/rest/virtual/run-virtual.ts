// query and retrieve over a virtual module (gateway/rest/README.md §2 Retrieve.php, §3): the VTQL
// tree compiled against the module's own fields (same rules, ids and LIMIT caps as for records),
// the rows cut to the asked columns plus id, count(*) as [{"count":"N"}]. A record that does not
// exist and one the caller may not see answer alike, so ids tell nothing about other users.
import type { Caller, RestDeps } from '../deps.js';
import type { WsRecord } from '../present.js';
import type { VtqlQuery } from '../vtql/ast.js';
import { compileParts } from '../vtql/to-record-query.js';
import { wsError } from '../ws-errors.js';
import { virtualScope, type VirtualTarget } from './registry.js';
import type { VirtualModule } from './virtual-module.js';

function pick(record: WsRecord, columns: ReadonlySet<string>): WsRecord {
  return Object.fromEntries(Object.entries(record).filter(([name]) => columns.has(name)));
}

export async function queryVirtual(
  deps: RestDeps,
  caller: Caller,
  module: VirtualModule,
  ast: VtqlQuery,
  maxRows: number,
): Promise<unknown[]> {
  const q = compileParts(virtualScope(module), ast, maxRows);
  const result = await module.query({ store: deps.store, actor: caller.actor }, q);
  if (typeof result === 'number') return [{ count: String(result) }];
  if (q.columns === '*') return result;
  const columns = new Set(q.columns);
  return result.map((r) => pick(r, columns));
}

export async function retrieveVirtual(
  deps: RestDeps,
  caller: Caller,
  target: VirtualTarget,
): Promise<WsRecord> {
  const record = await target.module.retrieve(
    { store: deps.store, actor: caller.actor },
    target.id,
  );
  if (!record)
    throw wsError(
      'ACCESS_DENIED',
      `Permission to perform the operation is denied: record ${target.text} does not exist or is not visible to you`,
    );
  return record;
}

// Running a compiled record query for the webservice: the store's executor (visibility, bound
// parameters), then vtiger's row shape — only the asked columns plus id — or count(*) as
// [{"count":"N"}] (gateway/rest/README.md §3).
import { runRecordQuery, type RecordQuery } from '../../store/records/record-query.js';
import type { Caller, RestDeps } from './deps.js';
import { presentRecords } from './present.js';
import { requireVisibleQueryFields } from './query-field-rules.js';

export async function runQuery(deps: RestDeps, caller: Caller, q: RecordQuery): Promise<unknown[]> {
  requireVisibleQueryFields(caller.actor, q);
  const result = await runRecordQuery(deps.store.db.knex, deps.store.sharing, caller.actor, q);
  if ('count' in result) return [{ count: String(result.count) }];
  return presentRecords(deps.store, result.records, {
    columns: q.columns,
    inQuery: true,
    hidden: caller.actor.rights?.fields,
  });
}

/** Max rows and extensions of the calling dialect (vtiger 100, vtenext 1000 by default). */
export function compileOptions(
  deps: RestDeps,
  dialect: 'vtiger' | 'vtenext',
): { maxRows: number; extensions: boolean } {
  return {
    maxRows: dialect === 'vtenext' ? deps.limits.vtenextMaxRows : deps.limits.vtigerMaxRows,
    extensions: deps.limits.vtqlExtensions,
  };
}

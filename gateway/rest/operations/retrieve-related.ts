// retrieve_related (gateway/rest/README.md §2, vtiger ≥7.0): the records of relatedType related to
// id, as query_related with `SELECT * FROM <relatedType>`.
import type { RecordQuery } from '../../../store/records/record-query.js';
import { callerOf, type OpContext } from '../deps.js';
import { requireModuleRight } from '../module-rights.js';
import { text } from '../params.js';
import { loadRecord } from '../record-access.js';
import { findRelation, relatedIds } from '../relations.js';
import { compileOptions, runQuery } from '../run-query.js';

export async function retrieveRelated(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const { def, record } = await loadRecord(ctx.deps, caller, text(ctx.params, 'id'), 'read');
  const relation = findRelation(
    def,
    text(ctx.params, 'relatedType'),
    text(ctx.params, 'relatedLabel'),
  );
  // The related module needs the view right too, not only the source record's
  // (README.md "### Roles and profiles").
  requireModuleRight(caller.actor, relation.module, 'read');
  const ids = await relatedIds(ctx.deps, record, relation);
  if (ids.length === 0) return [];
  const q: RecordQuery = {
    module: relation.module.name,
    columns: '*',
    count: false,
    orderBy: [],
    offset: 0,
    where: { kind: 'in', field: 'id', values: ids.map(String), negated: false },
    limit: compileOptions(ctx.deps, ctx.dialect).maxRows,
  };
  return runQuery(ctx.deps, caller, q);
}

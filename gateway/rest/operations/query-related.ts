// query_related (gateway/rest/README.md §2, vtiger ≥7.0): a VTQL query over a related module,
// limited to the records related to `id`. vtiger pastes ` WHERE id IN (…)` into the text; here the
// restriction is added to the compiled query, so ORDER BY and LIMIT keep working. The client sends
// the query without `;` (one is accepted too).
import type { RecordQuery } from '../../../store/records/record-query.js';
import { callerOf, type OpContext } from '../deps.js';
import { requireModuleRight } from '../module-rights.js';
import { text } from '../params.js';
import { loadRecord } from '../record-access.js';
import { findRelation, relatedIds } from '../relations.js';
import { compileOptions, runQuery } from '../run-query.js';
import { decodeLenient } from '../vtql/decode-lenient.js';
import { compileVtql } from '../vtql/to-record-query.js';
import { wsError } from '../ws-errors.js';

export async function queryRelated(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const source = decodeLenient(text(ctx.params, 'query')).trim();
  if (source === '')
    throw wsError(
      'ACCESS_DENIED',
      'Permission to perform the operation is denied for query: no query given',
    );
  const q = compileVtql(
    source.endsWith(';') ? source : `${source};`,
    compileOptions(ctx.deps, ctx.dialect),
  );
  const { def, record } = await loadRecord(ctx.deps, caller, text(ctx.params, 'id'), 'read');
  const relation = findRelation(def, q.module, text(ctx.params, 'relatedLabel'));
  // The related module needs the view right too, not only the source record's
  // (README.md "### Roles and profiles").
  requireModuleRight(caller.actor, relation.module, 'read');
  const ids = await relatedIds(ctx.deps, record, relation);
  if (ids.length === 0) return q.count ? [{ count: '0' }] : [];
  const restriction = { kind: 'in', field: 'id', values: ids.map(String), negated: false } as const;
  const restricted: RecordQuery = {
    ...q,
    where: q.where ? { kind: 'and', items: [q.where, restriction] } : restriction,
  };
  return runQuery(ctx.deps, caller, restricted);
}

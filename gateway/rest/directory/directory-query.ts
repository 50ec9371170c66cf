// VTQL over Users and Groups (gateway/rest/README.md §3), open to every authenticated user as in
// vtiger, where clients map `assigned_user_id` to names (test/gateway/rest/directory-query.test.ts).
// The directory is small (one row per person or team), so the compiled query runs over the
// presented records in memory, with the semantics the SQL executor gives records: `=`, `!=` and
// LIKE ignore case, `!=` includes empty values, IS NULL means empty, rows are ordered by the asked
// fields then by id, and LIMIT is capped as for any module.
import type { CompareOp, Condition } from '../../../store/records/record-query.js';
import type { ModuleDef } from '../../../store/modules/types.js';
import type { Caller, RestDeps } from '../deps.js';
import type { WsRecord } from '../present.js';
import type { VtqlQuery } from '../vtql/ast.js';
import { compileParts } from '../vtql/to-record-query.js';
import { presentGroup, presentUser } from './directory-records.js';

/** The value a condition compares: ids by their number, as the compiler passes them. */
function valueOf(record: WsRecord, field: string): string {
  const v = record[field] ?? '';
  return field === 'id' ? v.slice(v.indexOf('x') + 1) : v;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is');
}

function order(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

function compare(v: string, op: CompareOp, value: string): boolean {
  switch (op) {
    case '=':
      return v.toLowerCase() === value.toLowerCase();
    case '!=':
      return v.toLowerCase() !== value.toLowerCase();
    case 'like':
      return likeRegex(value).test(v);
    case 'not like':
      return !likeRegex(value).test(v);
    case '<':
      return order(v, value) < 0;
    case '>':
      return order(v, value) > 0;
    case '<=':
      return order(v, value) <= 0;
    case '>=':
      return order(v, value) >= 0;
  }
}

function matches(record: WsRecord, c: Condition): boolean {
  switch (c.kind) {
    case 'and':
      return c.items.every((item) => matches(record, item));
    case 'or':
      return c.items.some((item) => matches(record, item));
    case 'not':
      return !matches(record, c.item);
    case 'compare':
      return compare(valueOf(record, c.field), c.op, c.value);
    case 'in': {
      const v = valueOf(record, c.field).toLowerCase();
      return c.values.some((x) => x.toLowerCase() === v) !== c.negated;
    }
    case 'null':
      return (valueOf(record, c.field) === '') !== c.negated;
    case 'owner':
      // Users and Groups have no owner field; the compiler never produces this for them.
      return false;
  }
}

async function directoryRecords(deps: RestDeps, def: ModuleDef): Promise<WsRecord[]> {
  if (def.kind === 'groups') return (await deps.store.groups.list()).map(presentGroup);
  return (await deps.store.users.list()).map(presentUser);
}

export async function queryDirectory(
  deps: RestDeps,
  _caller: Caller,
  def: ModuleDef,
  ast: VtqlQuery,
  maxRows: number,
): Promise<unknown[]> {
  const q = compileParts(def, ast, maxRows);
  const where = q.where;
  const rows = (await directoryRecords(deps, def)).filter((r) => !where || matches(r, where));
  if (q.count) return [{ count: String(rows.length) }];
  rows.sort((a, b) => {
    for (const term of q.orderBy) {
      const d = order(valueOf(a, term.field), valueOf(b, term.field));
      if (d !== 0) return term.direction === 'desc' ? -d : d;
    }
    return order(valueOf(a, 'id'), valueOf(b, 'id'));
  });
  const page = rows.slice(q.offset, q.offset + q.limit);
  if (q.columns === '*') return page;
  const columns = new Set(q.columns);
  return page.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => columns.has(k))));
}

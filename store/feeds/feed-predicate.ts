// A record-query condition tree (store/records/record-query.ts, with vtiger string values) as one
// SQL predicate over a feed view (gateway/rest/README.md §3 semantics, as query-conditions.ts
// applies them to records). Pure: every value becomes a bound parameter and every column expression
// comes from feed-view-columns.ts, so caller text never reaches the SQL text. Names and values are
// checked while the predicate is built, before any query runs.
import type { Knex } from 'knex';
import { GatewayError } from '../errors.js';
import type { FieldDef, FieldType } from '../modules/types.js';
import { isEmpty, toColumn, type ColumnValue } from '../records/field-values.js';
import type { CompareOp, Condition } from '../records/record-query.js';
import { viewColumn, type ViewName, type Predicate, type ViewColumn } from './feed-view-columns.js';

type ValueColumn = Extract<ViewColumn, { kind: 'integer' | 'text' | 'datetime' }>;
type FlagColumn = Extract<ViewColumn, { kind: 'boolean' }>;
type PlainOp = Exclude<CompareOp, 'like' | 'not like'>;

export const NEVER: Predicate = { sql: '1 = 0', bindings: [] };
const ALWAYS: Predicate = { sql: '1 = 1', bindings: [] };
const SQL_OP: Record<PlainOp, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};
const FIELD_TYPE: Record<ValueColumn['kind'], FieldType> = {
  integer: 'integer',
  text: 'text',
  datetime: 'datetime',
};

function join(items: readonly Predicate[], word: 'AND' | 'OR'): Predicate {
  if (items.length === 0) return word === 'AND' ? ALWAYS : NEVER;
  if (items.length === 1) return items[0] as Predicate;
  return {
    sql: `(${items.map((p) => p.sql).join(` ${word} `)})`,
    bindings: items.flatMap((p) => p.bindings),
  };
}

function not(p: Predicate): Predicate {
  return { sql: `NOT (${p.sql})`, bindings: p.bindings };
}

/** A vtiger string → the bound value, with the record fields' conversions and error texts. */
function bound(name: string, column: ValueColumn, value: string): ColumnValue {
  const field: FieldDef = {
    name,
    label: name,
    type: FIELD_TYPE[column.kind],
    mandatory: false,
    editable: false,
    storage: 'none',
  };
  return toColumn(field, value);
}

function flagValue(name: string, value: string): boolean | null {
  const v = value.trim();
  if (v === '') return null;
  if (/^(1|true|on|yes)$/i.test(v)) return true;
  if (/^(0|false|off|no)$/i.test(v)) return false;
  throw new GatewayError(
    'invalid_input',
    `Field ${name}: "${v.slice(0, 64)}" is not a boolean (0 or 1)`,
    { field: name },
  );
}

/** IS NULL; '' counts as null for text (vtiger stores '' for "empty"); flags are never null. */
function empty(column: ViewColumn): Predicate {
  if (column.kind === 'boolean') return NEVER;
  if (column.kind === 'text')
    return { sql: `(${column.sql} IS NULL OR ${column.sql} = '')`, bindings: [] };
  return column.nullable ? { sql: `${column.sql} IS NULL`, bindings: [] } : NEVER;
}

/** Whole-second comparisons on millisecond text, as vtiger's DATETIME columns compare (§4). */
function second(sql: string, op: PlainOp, at: string): Predicate {
  const [lo, hi] = [`${at}.000`, `${at}.999`];
  switch (op) {
    case '=':
      return { sql: `${sql} BETWEEN ? AND ?`, bindings: [lo, hi] };
    case '!=':
      return { sql: `${sql} NOT BETWEEN ? AND ?`, bindings: [lo, hi] };
    case '<':
      return { sql: `${sql} < ?`, bindings: [lo] };
    case '<=':
      return { sql: `${sql} <= ?`, bindings: [hi] };
    case '>':
      return { sql: `${sql} > ?`, bindings: [hi] };
    case '>=':
      return { sql: `${sql} >= ?`, bindings: [lo] };
  }
}

/** LIKE with the caller's % and _, case-insensitive, backslash escapes (as query-conditions.ts). */
function like(column: ValueColumn, negated: boolean, pattern: string): Predicate {
  // A lone trailing backslash would escape nothing: PostgreSQL refuses it, so it is literal.
  const trailing = /\\+$/.exec(pattern)?.[0].length ?? 0;
  const value = trailing % 2 === 1 ? `${pattern}\\` : pattern;
  const lhs =
    column.kind === 'integer' ? `LOWER(CAST(${column.sql} AS TEXT))` : `LOWER(${column.sql})`;
  return {
    sql: `${lhs} ${negated ? 'NOT LIKE' : 'LIKE'} LOWER(CAST(? AS TEXT)) ESCAPE '\\'`,
    bindings: [value],
  };
}

function compareFlag(name: string, column: FlagColumn, op: CompareOp, value: string): Predicate {
  if (op !== '=' && op !== '!=')
    throw new GatewayError('invalid_input', `Field ${name} takes = != IN only`, { field: name });
  const v = flagValue(name, value);
  const p = v === null ? NEVER : column.is(v);
  return op === '!=' ? not(p) : p;
}

function compare(view: ViewName, name: string, op: CompareOp, value: string): Predicate {
  const column = viewColumn(view, name);
  if (column.kind === 'boolean') return compareFlag(name, column, op, value);
  if (op === 'like' || op === 'not like') return like(column, op === 'not like', value);
  const v = bound(name, column, value);
  if (isEmpty(v)) {
    // '' and "no value" are one thing for vtiger clients: `= ''` finds NULL as well (§8).
    if (op === '=' || op === '!=') return op === '=' ? empty(column) : not(empty(column));
    if (column.kind !== 'text')
      throw new GatewayError(
        'invalid_input',
        `Field ${name}: an empty value cannot be compared with ${op}`,
        { field: name },
      );
  }
  if (column.kind === 'datetime') return second(column.sql, op, String(v));
  return { sql: `${column.sql} ${SQL_OP[op]} ?`, bindings: [v as Knex.Value] };
}

function inList(view: ViewName, name: string, values: readonly string[]): Predicate {
  const column = viewColumn(view, name);
  if (column.kind === 'boolean')
    return join(
      values.map((v) => compareFlag(name, column, '=', v)),
      'OR',
    );
  const converted = values.map((v) => bound(name, column, v));
  const present = converted.filter((v): v is Exclude<ColumnValue, null> => !isEmpty(v));
  const parts: Predicate[] = [];
  if (column.kind === 'datetime')
    parts.push(...present.map((v) => second(column.sql, '=', String(v))));
  else if (present.length > 0)
    parts.push({
      sql: `${column.sql} IN (${present.map(() => '?').join(', ')})`,
      bindings: present,
    });
  if (present.length < converted.length) parts.push(empty(column));
  return join(parts, 'OR');
}

/** The condition as one predicate; unknown names → ACCESS_DENIED, bad values → invalid_input. */
export function toPredicate(view: ViewName, cond: Condition): Predicate {
  switch (cond.kind) {
    case 'and':
    case 'or':
      return join(
        cond.items.map((item) => toPredicate(view, item)),
        cond.kind === 'and' ? 'AND' : 'OR',
      );
    case 'not':
      return not(toPredicate(view, cond.item));
    case 'compare':
      return compare(view, cond.field, cond.op, cond.value);
    case 'in': {
      const p = inList(view, cond.field, cond.values);
      return cond.negated ? not(p) : p;
    }
    case 'null': {
      const p = empty(viewColumn(view, cond.field));
      return cond.negated ? not(p) : p;
    }
    case 'owner':
      // Feeds and articles have no CRM owner; the REST modules never build this condition.
      throw new GatewayError('invalid_input', 'Feeds and articles have no assigned_user_id', {
        field: 'assigned_user_id',
      });
  }
}

/** ORDER BY terms; NULLs first ascending and last descending as on MySQL (vtiger's database). */
export function orderTerms(
  view: ViewName,
  terms: readonly { field: string; direction: 'asc' | 'desc' }[],
): Predicate[] {
  return terms.flatMap(({ field, direction }) => {
    const column = viewColumn(view, field);
    const dir = direction === 'desc' ? 'DESC' : 'ASC';
    if (column.kind === 'boolean') {
      const truth = column.is(true);
      return [{ sql: `CASE WHEN ${truth.sql} THEN 1 ELSE 0 END ${dir}`, bindings: truth.bindings }];
    }
    const nulls: Predicate[] = column.nullable
      ? [{ sql: `(${column.sql} IS NULL) ${dir === 'ASC' ? 'DESC' : 'ASC'}`, bindings: [] }]
      : [];
    return [...nulls, { sql: `${column.sql} ${dir}`, bindings: [] }];
  });
}

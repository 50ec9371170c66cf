// The WHERE clause of a record query as knex conditions (gateway/rest/README.md §3, §8:
// "parameterised knex SQL"). Every value is a bound parameter and every column comes from the
// registry (query-fields.ts). Groups keep the caller's AND/OR/NOT structure, so OR never leaks past
// the deleted flag or the visibility filter that the executor adds around it.
import type { Knex } from 'knex';
import { GatewayError } from '../errors.js';
import type { ModuleDef } from '../modules/types.js';
import type { CompareOp, Condition } from './record-query.js';
import { isEmpty, type ColumnValue } from './field-values.js';
import { resolveField, storedAsText, toQueryValue, type QueryField } from './query-fields.js';

type Builder = Knex.QueryBuilder;

const SQL_OP: Record<Exclude<CompareOp, 'like' | 'not like'>, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};

function never(builder: Builder): void {
  builder.whereRaw('1 = 0');
}

/** Validates names and values up front (a knex callback runs only when the SQL is built). */
export function checkCondition(def: ModuleDef, cond: Condition): { moduleTable: boolean } {
  let moduleTable = false;
  const visit = (c: Condition): void => {
    if ('items' in c) return c.items.forEach(visit);
    if (c.kind === 'not') return visit(c.item);
    if (c.kind === 'owner') return c.owners.forEach((o) => ownerId(o.id));
    const f = resolveField(def, c.field);
    moduleTable ||= f.onModuleTable;
    if (c.kind === 'compare' && c.op !== 'like' && c.op !== 'not like')
      compareValue(f, c.op, c.value);
    if (c.kind === 'in') c.values.forEach((v) => toQueryValue(f, v));
  };
  visit(cond);
  return { moduleTable };
}

export function applyCondition(builder: Builder, def: ModuleDef, cond: Condition): void {
  switch (cond.kind) {
    case 'and':
      for (const item of cond.items) builder.where((w) => applyCondition(w, def, item));
      return;
    case 'or':
      if (cond.items.length === 0) return never(builder);
      for (const item of cond.items) builder.orWhere((w) => applyCondition(w, def, item));
      return;
    case 'not':
      builder.whereNot((w) => applyCondition(w, def, cond.item));
      return;
    case 'compare':
      return applyCompare(builder, resolveField(def, cond.field), cond.op, cond.value);
    case 'in':
      return applyInCondition(builder, resolveField(def, cond.field), cond.negated, cond.values);
    case 'null':
      return negate(builder, cond.negated, (w) => applyEmpty(w, resolveField(def, cond.field)));
    case 'owner':
      return negate(builder, cond.negated, (w) => {
        if (cond.owners.length === 0) return never(w);
        for (const o of cond.owners)
          w.orWhere({ 'e.owner_kind': o.kind, 'e.owner_id': ownerId(o.id) });
      });
  }
}

function negate(builder: Builder, negated: boolean, apply: (w: Builder) => void): void {
  if (negated) builder.whereNot(apply);
  else builder.where(apply);
}

function ownerId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 0)
    throw new GatewayError('invalid_input', 'Id specified is incorrect', {
      ws: { code: 'INVALID_ID_ATTRIBUTE' },
    });
  return id;
}

function compareValue(f: QueryField, op: CompareOp, value: string): ColumnValue {
  const v = toQueryValue(f, value);
  if (isEmpty(v) && op !== '=' && op !== '!=' && !storedAsText(f)) {
    throw new GatewayError(
      'invalid_input',
      `Field ${f.name}: an empty value cannot be compared with ${op}`,
      { field: f.name },
    );
  }
  return v;
}

function applyCompare(builder: Builder, f: QueryField, op: CompareOp, value: string): void {
  if (op === 'like' || op === 'not like') return applyLike(builder, f, op === 'not like', value);
  const v = compareValue(f, op, value);
  // '' and "no value" are one thing for vtiger clients: `= ''` finds NULL as well (§8 '').
  if (isEmpty(v) && (op === '=' || op === '!='))
    return negate(builder, op === '!=', (w) => applyEmpty(w, f));
  if (f.millisTime && typeof v === 'string') return applySecond(builder, f.column, op, v);
  if (op === '=' || op === '!=') return applyEquality(builder, f, op, v);
  builder.where(f.column, SQL_OP[op], v as Knex.Value);
}

/**
 * `=` / `!=` on text as vtiger answers them on MariaDB's default collation (utf8mb4_general_ci):
 * case-insensitive, and `!=` also matches empty values, which vtiger stores as '' and `<>` keeps
 * (gateway/rest/README.md §3; test/gateway/rest/vtql-equality.test.ts). LOWER() on both sides
 * works alike on SQLite (ASCII letters only, as its LIKE) and PostgreSQL (the database's locale).
 * A value without cased letters (digits, codes) is compared as is, so an index on the column
 * stays usable for it.
 */
function applyEquality(builder: Builder, f: QueryField, op: '=' | '!=', v: ColumnValue): void {
  const text = storedAsText(f) && typeof v === 'string';
  const folded = text && v.toLowerCase() !== v.toUpperCase();
  const match = (w: Builder): void => {
    if (folded) w.whereRaw(`LOWER(??) ${SQL_OP[op]} LOWER(?)`, [f.column, v]);
    else w.where(f.column, SQL_OP[op], v as Knex.Value);
  };
  if (op === '=' || !text) return match(builder);
  builder.where((w) => {
    applyEmpty(w, f);
    w.orWhere(match);
  });
}

/** Whole-second semantics on `YYYY-MM-DD HH:MM:SS.mmm` text, still usable by an index. */
function applySecond(
  builder: Builder,
  column: string,
  op: Exclude<CompareOp, 'like' | 'not like'>,
  second: string,
): void {
  const lo = `${second}.000`;
  const hi = `${second}.999`;
  switch (op) {
    case '=':
      builder.whereBetween(column, [lo, hi]);
      return;
    case '!=':
      builder.whereNotBetween(column, [lo, hi]);
      return;
    case '<':
      builder.where(column, '<', lo);
      return;
    case '<=':
      builder.where(column, '<=', hi);
      return;
    case '>':
      builder.where(column, '>', hi);
      return;
    case '>=':
      builder.where(column, '>=', lo);
  }
}

/**
 * IN and NOT IN on text ignore case as `=` and `!=` do (applyEquality, MariaDB's default
 * collation; test/gateway/rest/vtql-equality.test.ts), and NOT IN also matches empty values, as
 * `!=` does, unless the list itself names the empty value.
 */
function applyInCondition(
  builder: Builder,
  f: QueryField,
  negated: boolean,
  values: readonly string[],
): void {
  const namesEmpty = values.some((v) => isEmpty(toQueryValue(f, v)));
  if (!negated || !storedAsText(f) || namesEmpty)
    return negate(builder, negated, (w) => applyIn(w, f, values));
  builder.where((w) => {
    applyEmpty(w, f);
    w.orWhereNot((n) => applyIn(n, f, values));
  });
}

function applyIn(builder: Builder, f: QueryField, values: readonly string[]): void {
  if (values.length === 0) return never(builder);
  const converted = values.map((v) => toQueryValue(f, v));
  if (f.millisTime) {
    for (const v of converted)
      builder.orWhere((w) =>
        isEmpty(v) ? applyEmpty(w, f) : applySecond(w, f.column, '=', String(v)),
      );
    return;
  }
  const present = converted.filter((v): v is Exclude<ColumnValue, null> => !isEmpty(v));
  // Values with cased letters are compared through LOWER() on both sides; the rest as they are,
  // so that an index stays usable for them.
  const folded = storedAsText(f)
    ? present.filter(
        (v): v is string => typeof v === 'string' && v.toLowerCase() !== v.toUpperCase(),
      )
    : [];
  const plain = present.filter((v) => !folded.includes(v as string));
  if (plain.length > 0) builder.orWhereIn(f.column, plain);
  if (folded.length > 0)
    builder.orWhereRaw(`LOWER(??) IN (${folded.map(() => 'LOWER(?)').join(', ')})`, [
      f.column,
      ...folded,
    ]);
  if (present.length < converted.length) builder.orWhere((w) => applyEmpty(w, f));
}

/** IS NULL; an empty string counts as null for text columns (vtiger stores '' for "empty"). */
function applyEmpty(builder: Builder, f: QueryField): void {
  if (f.kind !== 'column') return never(builder);
  builder.whereNull(f.column);
  if (storedAsText(f)) builder.orWhere(f.column, '');
}

/**
 * SQL LIKE with the caller's % and _, case-insensitive like MySQL's default collation, with
 * backslash as the escape character on both databases (MySQL's and PostgreSQL's default).
 */
function applyLike(builder: Builder, f: QueryField, negated: boolean, pattern: string): void {
  if (f.kind === 'owner')
    throw new GatewayError('invalid_input', `LIKE cannot be used with ${f.name}`, {
      field: f.name,
    });
  // A lone trailing backslash would escape nothing: PostgreSQL refuses it, so it is literal.
  const trailing = /\\+$/.exec(pattern)?.[0].length ?? 0;
  const bound = trailing % 2 === 1 ? `${pattern}\\` : pattern;
  const column = storedAsText(f) ? 'LOWER(??)' : 'LOWER(CAST(?? AS TEXT))';
  builder.whereRaw(
    `${column} ${negated ? 'NOT LIKE' : 'LIKE'} LOWER(CAST(? AS TEXT)) ESCAPE '\\'`,
    [f.column, bound],
  );
}

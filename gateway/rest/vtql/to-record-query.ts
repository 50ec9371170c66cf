// VTQL tree → the store's RecordQuery (gateway/rest/README.md §3 "Semantics", §4 ids). Module and
// field names are checked against the registry here (vtiger's ACCESS_DENIED texts), ws ids lose
// their prefix (`12x5` → 5, `account_id = '11x3'` → 3, `assigned_user_id = '19x1'` → user 1), and
// LIMIT is capped at maxRows: 100 on the vtiger path, 1000 on vtenext's (§3 "Variants", §8). The
// same rules compile queries over the webservice's virtual modules (gateway/rest/virtual/), which
// are not in the registry: compileParts takes a scope (id prefix + fields) instead.
import { GatewayError } from '../../../store/errors.js';
import { findModule, moduleByPrefix } from '../../../store/modules/registry.js';
import type { FieldDef } from '../../../store/modules/types.js';
import { accessDenied } from '../../../store/records/query-fields.js';
import {
  queryModule,
  type Condition,
  type RecordQuery,
} from '../../../store/records/record-query.js';
import type { Owner } from '../../../store/types.js';
import type {
  ComparisonOp,
  Identifier,
  LimitClause,
  Literal,
  VtqlQuery,
  WhereNode,
} from './ast.js';
import { parseVtql } from './parser.js';

export const VTIGER_MAX_ROWS = 100;
export const VTENEXT_MAX_ROWS = 1000;

export interface CompileOptions {
  /** Default and cap of LIMIT: 100 for webservice.php, 1000 for the vtenext REST API. */
  readonly maxRows?: number;
  /** The §8 extensions (parentheses, NOT, IS NULL, NOT IN, NOT LIKE, <>, ''); default on. */
  readonly extensions?: boolean;
}

/** What a query is compiled against: a module's id prefix and fields (a ModuleDef is one). */
export interface QueryScope {
  readonly idPrefix: number;
  readonly fields: readonly FieldDef[];
  /** The id prefix of a module a reference field may point to; the registry's by default. */
  readonly prefixOf?: (module: string) => number | undefined;
}

/** A compiled query without its module: what a virtual module runs. */
export type CompiledQuery = Omit<RecordQuery, 'module'>;

interface QueryField {
  readonly name: string;
  readonly role: 'id' | 'owner' | 'reference' | 'plain';
  readonly def: FieldDef | null;
}

const WS_ID = /^(\d{1,9})x(\d{1,15})$/;
const PLAIN_ID = /^\d{1,15}$/;

function badId(): GatewayError {
  return new GatewayError('invalid_input', 'Id specified is incorrect', {
    ws: { code: 'INVALID_ID_ATTRIBUTE' },
  });
}

function registryPrefix(module: string): number | undefined {
  return findModule(module)?.idPrefix;
}

/** A prefix as answered today: an earlier one (Services' 25) reads as its module's current one. */
function currentPrefix(prefix: string): number {
  const n = Number(prefix);
  return moduleByPrefix(n)?.idPrefix ?? n;
}

function fieldOf(def: QueryScope, ident: Identifier): QueryField {
  if (ident.name === 'id') return { name: 'id', role: 'id', def: null };
  const f = def.fields.find((field) => field.name === ident.name);
  if (!f || f.storage === 'none') throw accessDenied(ident.name);
  const role = f.type === 'owner' ? 'owner' : f.type === 'reference' ? 'reference' : 'plain';
  return { name: f.name, role, def: f };
}

/** `12x5`, `'12x5'` or `5`; a prefix must be the module's own. */
function idValue(def: QueryScope, lit: Literal): string {
  const v = lit.value.trim();
  const m = WS_ID.exec(v);
  if (m) {
    if (currentPrefix(m[1] as string) !== def.idPrefix) throw badId();
    return m[2] as string;
  }
  if (PLAIN_ID.test(v)) return v;
  throw badId();
}

/** A reference takes a full ws id of a module it may point to; '' means "no value". */
function referenceValue(def: QueryScope, f: FieldDef, lit: Literal): string {
  const v = lit.value.trim();
  if (v === '') return '';
  const m = WS_ID.exec(v);
  const prefixOf = def.prefixOf ?? registryPrefix;
  const prefixes = (f.refersTo ?? []).map((name) => prefixOf(name));
  if (!m || !prefixes.includes(currentPrefix(m[1] as string))) throw badId();
  return m[2] as string;
}

/** `19xN` is user N, `20xN` group N; a bare N is either, as vtiger's one id space for both. */
function ownersOf(lit: Literal): Owner[] {
  const v = lit.value.trim();
  const m = WS_ID.exec(v);
  if (m) {
    const id = Number(m[2]);
    if (Number(m[1]) === findModule('Users')?.idPrefix) return [{ kind: 'user', id }];
    if (Number(m[1]) === findModule('Groups')?.idPrefix) return [{ kind: 'group', id }];
    throw badId();
  }
  if (!PLAIN_ID.test(v)) throw badId();
  return [
    { kind: 'user', id: Number(v) },
    { kind: 'group', id: Number(v) },
  ];
}

function valueOf(def: QueryScope, f: QueryField, lit: Literal): string {
  if (f.role === 'id') return idValue(def, lit);
  if (f.role === 'reference' && f.def) return referenceValue(def, f.def, lit);
  return lit.value;
}

function compileIn(
  def: QueryScope,
  f: QueryField,
  values: readonly Literal[],
  negated: boolean,
): Condition {
  if (f.role === 'owner') return { kind: 'owner', owners: values.flatMap(ownersOf), negated };
  return { kind: 'in', field: f.name, values: values.map((v) => valueOf(def, f, v)), negated };
}

function compileCompare(
  def: QueryScope,
  f: QueryField,
  op: ComparisonOp,
  values: readonly Literal[],
): Condition {
  const like = op === 'like' || op === 'not like';
  if (like && f.role !== 'plain')
    throw new GatewayError('invalid_input', `LIKE cannot be used with ${f.name}`, {
      field: f.name,
    });
  if (f.role === 'owner' && op !== '=' && op !== '!=')
    throw new GatewayError('invalid_input', `${f.name} takes = != IN only`, { field: f.name });
  // The grammar gives every operator a value list: `= a, b` reads as IN, `!= a, b` as NOT IN.
  if (op === '=' || op === '!=') {
    if (values.length > 1 || f.role === 'owner') return compileIn(def, f, values, op === '!=');
  }
  const items: Condition[] = values.map((v) => ({
    kind: 'compare',
    field: f.name,
    op,
    value: valueOf(def, f, v),
  }));
  if (items.length === 1) return items[0] as Condition;
  return { kind: op === 'not like' ? 'and' : 'or', items };
}

function compileNode(def: QueryScope, node: WhereNode): Condition {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, items: node.items.map((item) => compileNode(def, item)) };
    case 'not':
      return { kind: 'not', item: compileNode(def, node.item) };
    case 'null':
      return { kind: 'null', field: fieldOf(def, node.field).name, negated: node.negated };
    case 'in':
      return compileIn(def, fieldOf(def, node.field), node.values, node.negated);
    case 'compare':
      return compileCompare(def, fieldOf(def, node.field), node.op, node.values);
  }
}

/** No LIMIT → maxRows; `LIMIT n` → min(n, maxRows); `LIMIT off, n` keeps the offset (§3). */
function paging(limit: LimitClause | null, maxRows: number): { limit: number; offset: number } {
  if (!limit) return { limit: maxRows, offset: 0 };
  return { limit: Math.min(limit.count, maxRows), offset: limit.offset ?? 0 };
}

function checkMaxRows(maxRows: number): void {
  if (!Number.isSafeInteger(maxRows) || maxRows < 1)
    throw new GatewayError('internal', `maxRows must be a positive integer, not ${maxRows}`);
}

/** Everything but the module: columns, count, WHERE, ORDER BY and paging against `scope`. */
export function compileParts(
  scope: QueryScope,
  ast: VtqlQuery,
  maxRows: number = VTIGER_MAX_ROWS,
): CompiledQuery {
  checkMaxRows(maxRows);
  let columns: RecordQuery['columns'] = '*';
  if (ast.select.kind === 'columns') {
    const names = ast.select.columns.map((c) => fieldOf(scope, c).name);
    // vtiger always adds id to an explicit column list (§3).
    columns = [...new Set(names.includes('id') ? names : [...names, 'id'])];
  }
  return {
    columns,
    count: ast.select.kind === 'count',
    where: ast.where ? compileNode(scope, ast.where) : null,
    orderBy: ast.orderBy.map((o) => ({
      field: fieldOf(scope, o.field).name,
      direction: o.direction,
    })),
    ...paging(ast.limit, maxRows),
  };
}

export function toRecordQuery(
  ast: VtqlQuery,
  options: Pick<CompileOptions, 'maxRows'> = {},
): RecordQuery {
  const maxRows = options.maxRows ?? VTIGER_MAX_ROWS;
  checkMaxRows(maxRows);
  // Module names are case-sensitive, as in vtiger.
  const def = queryModule(ast.module.name);
  return { module: def.name, ...compileParts(def, ast, maxRows) };
}

export function compileVtql(text: string, options: CompileOptions = {}): RecordQuery {
  return toRecordQuery(parseVtql(text, { extensions: options.extensions ?? true }), options);
}

// A protocol-neutral record query and its executor. VTQL (gateway/rest/README.md §3) compiles into
// it in gateway/rest/vtql/; other edges may build it directly. Values are vtiger strings converted
// by field type, names come from the registry only, every value is a bound parameter. Deleted
// records never match and visibility applies to rows and to counts alike.
import type { Knex } from 'knex';
import { GatewayError } from '../errors.js';
import { findModule } from '../modules/registry.js';
import type { ModuleDef } from '../modules/types.js';
import type { Actor, CrmRecord, Owner } from '../types.js';
import { applyVisibility, type SharingAccess, type SharingRepository } from '../visibility.js';
import { applyCondition, checkCondition } from './query-conditions.js';
import { resolveField } from './query-fields.js';
import { sqliteAll } from '../sqlite-statements.js';
import { loadLineItems, selectRecords, toRecord, type EntityRow } from './record-rows.js';

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like' | 'not like';

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly op: CompareOp;
      readonly value: string;
    }
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly values: readonly string[];
      readonly negated: boolean;
    }
  /** IS NULL / IS NOT NULL; an empty string counts as null for text fields. */
  | { readonly kind: 'null'; readonly field: string; readonly negated: boolean }
  /** assigned_user_id = '19x1' / IN (...): the owner kind and id pair on crm_entities. */
  | { readonly kind: 'owner'; readonly owners: readonly Owner[]; readonly negated: boolean };

export interface OrderTerm {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

export interface RecordQuery {
  readonly module: string;
  /** Field names asked for; records still come back whole and the protocol layer picks. */
  readonly columns: readonly string[] | '*';
  readonly count: boolean;
  readonly where: Condition | null;
  readonly orderBy: readonly OrderTerm[];
  readonly limit: number;
  readonly offset: number;
}

export type RecordQueryResult = { readonly records: CrmRecord[] } | { readonly count: number };

/** Only entity modules are queryable; others read as vtiger's ACCESS_DENIED for the name. */
export function queryModule(name: string): ModuleDef {
  const def = findModule(name);
  if (!def || def.kind !== 'entity') {
    throw new GatewayError(
      'forbidden',
      `Permission to perform the operation is denied for name : ${name}`,
      { ws: { code: 'ACCESS_DENIED' } },
    );
  }
  return def;
}

function checkPaging(q: RecordQuery): void {
  for (const [name, n] of [
    ['limit', q.limit],
    ['offset', q.offset],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new GatewayError('invalid_input', `Query ${name} must be a whole number ≥ 0`);
  }
}

export async function runRecordQuery(
  knex: Knex,
  sharing: SharingRepository,
  actor: Actor,
  q: RecordQuery,
): Promise<RecordQueryResult> {
  const def = queryModule(q.module);
  if (q.columns !== '*') for (const c of q.columns) resolveField(def, c);
  for (const o of q.orderBy) resolveField(def, o.field);
  const moduleTable = q.where ? checkCondition(def, q.where).moduleTable : false;
  checkPaging(q);
  const access = await sharing.get(def.name);
  if (q.count) return { count: await countRecords(knex, def, actor, access, q.where, moduleTable) };
  const qb = selectRecords(knex, def).where('e.deleted', false);
  restrict(qb, def, actor, access, q.where);
  applyOrder(qb, def, q.orderBy);
  qb.limit(q.limit).offset(q.offset);
  // On SQLite through a cached prepared statement (store/sqlite-statements.ts): a query of the
  // same shape has the same SQL text, whatever its values.
  const rows = ((await sqliteAll(knex, qb)) ?? (await qb)) as EntityRow[];
  // One batch for all line items, as list() does: no query per record.
  const lines = def.inventory
    ? await loadLineItems(
        knex,
        rows.map((r) => Number(r.id)),
      )
    : null;
  return {
    records: rows.map((r) => toRecord(def, r, lines ? (lines.get(Number(r.id)) ?? []) : undefined)),
  };
}

function restrict(
  qb: Knex.QueryBuilder,
  def: ModuleDef,
  actor: Actor,
  access: SharingAccess,
  where: Condition | null,
): void {
  if (where) qb.where((w) => applyCondition(w, def, where));
  applyVisibility(qb, actor, access, 'read');
  // vtiger 8.2's query leaves converted leads out (vtiger_leaddetails.converted = 0); retrieve
  // still reads them (test/gateway/rest/computed-values.test.ts).
  if (def.name === 'Leads')
    qb.whereNotExists(function (this: Knex.QueryBuilder) {
      void this.select('lead_id')
        .from('lead_conversions')
        .whereRaw('lead_conversions.lead_id = e.id');
    });
}

async function countRecords(
  knex: Knex,
  def: ModuleDef,
  actor: Actor,
  access: SharingAccess,
  where: Condition | null,
  moduleTable: boolean,
): Promise<number> {
  const qb = knex({ e: 'crm_entities' }).where({ 'e.module': def.name, 'e.deleted': false });
  // The module table is joined only when the WHERE reads one of its columns.
  if (moduleTable) qb.join({ m: def.table }, 'm.id', 'e.id');
  restrict(qb, def, actor, access, where);
  const [row] = (await qb.count({ n: '*' })) as { n: number | string }[];
  return Number(row?.n ?? 0);
}

/**
 * Registry fields only; NULLs sort first ascending and last descending as on MySQL (vtiger's
 * database), on both SQLite and PostgreSQL. e.id ends every order so that pages are stable.
 */
function applyOrder(qb: Knex.QueryBuilder, def: ModuleDef, orderBy: readonly OrderTerm[]): void {
  let byId = false;
  for (const term of orderBy) {
    const f = resolveField(def, term.field);
    const dir = term.direction === 'desc' ? 'desc' : 'asc';
    if (f.kind === 'owner') {
      qb.orderBy('e.owner_kind', dir).orderBy('e.owner_id', dir);
      continue;
    }
    if (f.nullable) qb.orderByRaw(`(?? IS NULL) ${dir === 'asc' ? 'DESC' : 'ASC'}`, [f.column]);
    qb.orderBy(f.column, dir);
    byId ||= f.kind === 'id';
  }
  if (!byId) qb.orderBy('e.id', 'asc');
}

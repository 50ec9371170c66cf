// Records as vtiger sends them (gateway/rest/README.md §4): every value a string, ids
// `<prefix>x<id>`, the owner as 19xN/20xN, references as full ws ids or null when empty or
// dangling, times as `YYYY-MM-DD HH:MM:SS`, booleans "0"/"1", then `id` and `label`. In query results
// an empty date is null, as vtiger passes the database's NULL through there
// (test/gateway/rest/empty-values.test.ts). Reference targets are
// resolved in one query per batch, since a field may point to several modules.
import { findModule, getModule } from '../../store/modules/registry.js';
import type { FieldDef, ModuleDef } from '../../store/modules/types.js';
import { isHidden, type FieldRulesTable } from '../../store/roles/field-rules.js';
import { modulesOf } from '../../store/records/record-links.js';
import type { Store } from '../../store/store.js';
import type { CrmRecord } from '../../store/types.js';
import { formatId, ownerId, USERS_PREFIX } from './ws-ids.js';

export type WsRecord = Record<string, string | null>;

function pointsToUsers(f: FieldDef): boolean {
  return (f.refersTo ?? []).every((m) => m === 'Users');
}

function referenceIds(records: readonly CrmRecord[]): number[] {
  const ids: number[] = [];
  for (const r of records) {
    const def = getModule(r.module);
    for (const f of def.fields) {
      if (f.type !== 'reference' || f.storage !== 'module' || pointsToUsers(f)) continue;
      const v = Number(r.values[f.name] ?? 0);
      if (v > 0) ids.push(v);
    }
    for (const line of r.lineItems ?? []) if (line.productId) ids.push(line.productId);
  }
  return ids;
}

function wsReference(
  targets: ReadonlyMap<number, string>,
  f: FieldDef,
  value: string | null,
): string | null {
  const id = Number(value ?? 0);
  if (!(id > 0)) return null;
  if (pointsToUsers(f)) return formatId(USERS_PREFIX, id);
  const module = targets.get(id);
  const def = module ? findModule(module) : null;
  return def ? formatId(def.idPrefix, id) : null;
}

/** An empty module value: "0"/"0.000" where vtiger's column has a default, null for query dates. */
function emptyValue(f: FieldDef, inQuery: boolean): string | null {
  if (f.type === 'boolean') return '0';
  if (f.decimals !== undefined) return (0).toFixed(f.decimals);
  if (inQuery && (f.type === 'date' || f.type === 'datetime')) return null;
  return '';
}

function entityValue(def: ModuleDef, record: CrmRecord, f: FieldDef): string {
  if (def.numbering?.field === f.name) return record.recordNo ?? '';
  switch (f.name) {
    case 'assigned_user_id':
      return ownerId(record.owner);
    case 'createdtime':
      return record.createdTime.slice(0, 19);
    case 'modifiedtime':
      return record.modifiedTime.slice(0, 19);
    case 'modifiedby':
      return record.modifiedBy ? formatId(USERS_PREFIX, record.modifiedBy) : '';
    default:
      return '';
  }
}

function presentOne(
  record: CrmRecord,
  targets: ReadonlyMap<number, string>,
  columns: ReadonlySet<string> | null,
  inQuery: boolean,
  hidden: FieldRulesTable | null,
): WsRecord {
  const def = getModule(record.module);
  const out: WsRecord = {};
  for (const f of def.fields) {
    if (columns && !columns.has(f.name)) continue;
    if (isHidden(hidden, def.name, f.name)) continue;
    if (f.storage === 'entity') out[f.name] = entityValue(def, record, f);
    else if (f.type === 'reference')
      out[f.name] = wsReference(targets, f, record.values[f.name] ?? null);
    else {
      const value = record.values[f.name] ?? null;
      out[f.name] = value === null || value === '' ? emptyValue(f, inQuery) : value;
    }
  }
  out.id = formatId(def.idPrefix, record.id);
  // vtiger 8.2 adds the record's label (its crmentity label, e.g. "Mary Smith") after the id of a
  // whole record; a query that names its columns gets only those.
  if (!columns) out.label = record.label;
  return out;
}

export interface PresentOptions {
  /** VTQL column list: only these (plus id) come back. */
  readonly columns?: readonly string[] | '*';
  /** Rows of query/query_related/retrieve_related: empty dates are null there. */
  readonly inQuery?: boolean;
  /** The caller's field rules (README.md "### Roles and profiles"): hidden fields are left out. */
  readonly hidden?: FieldRulesTable | null;
}

export async function presentRecords(
  store: Store,
  records: readonly CrmRecord[],
  options: PresentOptions = {},
): Promise<WsRecord[]> {
  const targets = await modulesOf(store.db.knex, referenceIds(records));
  const columns = options.columns && options.columns !== '*' ? new Set(options.columns) : null;
  const hidden = options.hidden ?? null;
  return records.map((r) => presentOne(r, targets, columns, options.inQuery === true, hidden));
}

export async function presentRecord(
  store: Store,
  record: CrmRecord,
  options: PresentOptions = {},
): Promise<WsRecord> {
  return (await presentRecords(store, [record], options))[0] as WsRecord;
}

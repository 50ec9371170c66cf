// Many records of one entity module written in the caller's transaction with multi-row
// statements, for bulk feeds (a 1C catalog of 100,000 products, gateway/commerceml/README.md §2.2).
// Same semantics as RecordRepository.create/update(…, 'revise') row by row — record numbers,
// created and modified times, owner, label, picklist growth, one change-log row per record so REST
// sync and CalDAV see every change — but a batch costs a handful of statements, not several per
// row. Statements are chunked under the bind-variable limits (SQLite 32766, PostgreSQL 65535).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { changeTable } from '../change-log.js';
import { GatewayError } from '../errors.js';
import { findField, getModule } from '../modules/registry.js';
import type { FieldDef, ModuleDef } from '../modules/types.js';
import type { Actor, CrmRecord, FieldValues } from '../types.js';
import { canAccess, requireRight, type SharingAccess } from '../visibility.js';
import { fromColumn, type ColumnValue } from './field-values.js';
import type { PicklistRepository } from './picklists.js';
import { computeLabel, prepareValues } from './prepare-values.js';
import { readHeads, relabel } from './record-heads.js';
import { selectRecords, toRecord, type EntityRow } from './record-rows.js';

const MAX_VARIABLES = 30_000;
// knex writes a multi-row INSERT for SQLite as INSERT … SELECT … UNION ALL …, and SQLite allows
// at most 500 terms in one compound SELECT (SQLITE_MAX_COMPOUND_SELECT).
const MAX_ROWS = 400;

/** Splits rows so that one statement binds at most MAX_VARIABLES values. */
export function chunked<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(
    1,
    Math.min(MAX_ROWS, Math.floor(MAX_VARIABLES / Math.max(1, columnsPerRow))),
  );
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * One multi-row `INSERT … VALUES (…), (…)` for rows of the same columns, optionally followed by
 * `ON CONFLICT (id) DO UPDATE` of `merge` and/or `RETURNING id`. knex writes a multi-row insert
 * for SQLite as INSERT … SELECT … UNION ALL, which SQLite compiles markedly slower; VALUES lists
 * work on SQLite (3.7.11+) and PostgreSQL alike. Returns the rows RETURNING gave, if any.
 */
async function insertValues(
  trx: Knex.Transaction,
  table: string,
  rows: readonly Record<string, unknown>[],
  options: { merge?: readonly string[]; returning?: boolean } = {},
): Promise<{ id: number }[]> {
  const cols = Object.keys(rows[0] ?? {});
  if (cols.length === 0) return [];
  const out: { id: number }[] = [];
  for (const part of chunked(rows, cols.length)) {
    const tuple = `(${cols.map(() => '?').join(', ')})`;
    const merge =
      options.merge && options.merge.length > 0
        ? ` on conflict (??) do update set ${options.merge.map(() => '?? = excluded.??').join(', ')}`
        : '';
    const sql = `insert into ?? (${cols.map(() => '??').join(', ')}) values ${part.map(() => tuple).join(', ')}${merge}${options.returning ? ' returning ??' : ''}`;
    const bindings: Knex.RawBinding[] = [
      table,
      ...cols,
      ...part.flatMap((r) => cols.map((c) => (r[c] ?? null) as Knex.RawBinding)),
    ];
    if (merge) bindings.push('id', ...(options.merge ?? []).flatMap((c) => [c, c]));
    if (options.returning) bindings.push('id');
    const result: unknown = await trx.raw(sql, bindings);
    if (!options.returning) continue;
    const returned = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
    for (const r of returned as { id: number | string }[]) out.push({ id: Number(r.id) });
  }
  return out;
}

interface ChangeRow {
  module: string;
  record_id: number;
  operation: 'create' | 'update';
  changed_at: string;
  user_id: number;
  owner_kind: string;
  owner_id: number;
}

/** As appendChange (store/change-log.ts), once per batch and without a lock. */
async function appendChanges(trx: Knex.Transaction, rows: readonly ChangeRow[]): Promise<void> {
  if (rows.length === 0) return;
  await insertValues(trx, changeTable(trx), rows as unknown as Record<string, unknown>[]);
}

/** Groups rows by their set of columns, so each group is one multi-row statement. */
function byColumns(rows: readonly Record<string, ColumnValue>[]): Record<string, ColumnValue>[][] {
  const groups = new Map<string, Record<string, ColumnValue>[]>();
  for (const row of rows) {
    const key = Object.keys(row).sort().join(',');
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }
  return [...groups.values()];
}

function entityDef(module: string): ModuleDef {
  const def = getModule(module);
  if (def.kind !== 'entity' || def.inventory)
    throw new GatewayError('unsupported', `${module} records cannot be written in bulk`);
  return def;
}

/** Takes `n` record numbers in one statement (record-numbers.ts, in bulk). */
async function takeNumbers(
  trx: Knex.Transaction,
  def: ModuleDef,
  n: number,
): Promise<(string | null)[]> {
  if (!def.numbering || n === 0) return new Array<string | null>(n).fill(null);
  const [row] = (await trx('record_numbers')
    .where({ module: def.name })
    .increment('next_value', n)
    .returning(['prefix', 'next_value'])) as { prefix: string; next_value: number }[];
  if (!row) return new Array<string | null>(n).fill(null);
  const first = Number(row.next_value) - n;
  return Array.from({ length: n }, (_, i) => `${row.prefix}${first + i}`);
}

export class BulkRecordWriter {
  constructor(private readonly picklists: PicklistRepository) {}

  /** Creates one record per entry, owned by the actor; returns their ids in the same order. */
  async create(
    trx: Knex.Transaction,
    actor: Actor,
    module: string,
    entries: readonly FieldValues[],
  ): Promise<number[]> {
    if (entries.length === 0) return [];
    const def = entityDef(module);
    requireRight(actor, def.name, 'create');
    const rows = entries.map((values) => prepareValues(def, values, 'create'));
    const numbers = await takeNumbers(trx, def, rows.length);
    const now = nowUtc();
    const entities = rows.map((row, i) => ({
      module: def.name,
      owner_kind: 'user',
      owner_id: actor.userId,
      record_no: numbers[i] ?? null,
      label: computeLabel(def, row),
      createdtime: now,
      modifiedtime: now,
      modifiedby: actor.userId,
      creator: actor.userId,
      deleted: false,
    }));
    // Ids of one multi-row INSERT rise in row order on both databases; sorting (per statement:
    // chunks run in order) does not rely on the order RETURNING lists them in.
    const ids: number[] = [];
    for (const part of chunked(entities, 10))
      ids.push(
        ...(await insertValues(trx, 'crm_entities', part, { returning: true }))
          .map((r) => r.id)
          .sort((a, b) => a - b),
      );
    if (ids.length !== rows.length)
      throw new GatewayError(
        'internal',
        `bulk insert returned ${ids.length} ids for ${rows.length} rows`,
      );
    const moduleRows = rows.map((row, i) => ({ id: ids[i] as number, ...row }));
    for (const group of byColumns(moduleRows)) {
      await insertValues(trx, def.table, group);
    }
    for (const row of rows) await this.picklists.grow(trx, def, row);
    await appendChanges(
      trx,
      ids.map((id) => ({
        module: def.name,
        record_id: id,
        operation: 'create',
        changed_at: now,
        user_id: actor.userId,
        owner_kind: 'user',
        owner_id: actor.userId,
      })),
    );
    return ids;
  }

  /**
   * Sets the given fields of existing live records (mode 'revise': other fields untouched),
   * each to its own values. A record missing, deleted or not writable for the actor fails the
   * whole batch, as RecordRepository.update would fail that record.
   */
  async revise(
    trx: Knex.Transaction,
    actor: Actor,
    module: string,
    access: SharingAccess,
    updates: ReadonlyMap<number, FieldValues>,
  ): Promise<void> {
    if (updates.size === 0) return;
    const def = entityDef(module);
    const current = await readHeads(trx, def, [...updates.keys()]);
    const now = nowUtc();
    const moduleRows: Record<string, ColumnValue>[] = [];
    const relabelled: { id: number; label: string }[] = [];
    const changes: ChangeRow[] = [];
    for (const [id, values] of updates) {
      const rec = current.get(id);
      if (!rec) throw new GatewayError('not_found', `Record ${id} does not exist in ${module}`);
      if (!canAccess({ owner: rec.owner, module: def.name }, actor, access, 'write'))
        throw new GatewayError('forbidden', `Permission to edit record ${id} denied`);
      const columns = prepareValues(def, values, 'revise');
      moduleRows.push({ id, ...columns });
      const label = computeLabel(def, { ...rec.labelValues, ...columns });
      if (label !== rec.label) relabelled.push({ id, label });
      changes.push({
        module: def.name,
        record_id: id,
        operation: 'update',
        changed_at: now,
        user_id: actor.userId,
        owner_kind: rec.owner.kind,
        owner_id: rec.owner.id,
      });
      await this.picklists.grow(trx, def, columns);
    }
    // INSERT … ON CONFLICT (id) DO UPDATE: one statement per chunk instead of one UPDATE per record.
    for (const group of byColumns(moduleRows)) {
      const cols = Object.keys(group[0] ?? {}).filter((c) => c !== 'id');
      if (cols.length === 0) continue;
      await insertValues(trx, def.table, group, { merge: cols });
    }
    // Every revised record gets the same modified time and modifier: one UPDATE per chunk of ids.
    // Only the labels that change are written, the rest of the entity row stays as it is.
    for (const part of chunked([...updates.keys()], 1))
      await trx('crm_entities')
        .whereIn('id', part)
        .update({ modifiedtime: now, modifiedby: actor.userId });
    for (const part of chunked(relabelled, 3)) await relabel(trx, part);
    await appendChanges(trx, changes);
  }
}

/** What revise needs of a live record: owner, label, and the values its label is made of. */
/** Live records of a module by id, read in the caller's transaction (no line items). */
export async function readRecords(
  knex: Knex,
  module: string,
  ids: readonly number[],
): Promise<Map<number, CrmRecord>> {
  const def = getModule(module);
  const out = new Map<number, CrmRecord>();
  const unique = [...new Set(ids)];
  for (const part of chunked(unique, 1)) {
    const rows = (await selectRecords(knex, def)
      .whereIn('e.id', part)
      .where('e.deleted', false)) as EntityRow[];
    for (const r of rows) out.set(Number(r.id), toRecord(def, r));
  }
  return out;
}

/**
 * Only the named fields of live records, for comparing incoming values without reading (and
 * converting) whole rows: a catalog's offers touch three fields of a 27-column product.
 */
export async function readFields(
  knex: Knex,
  module: string,
  ids: readonly number[],
  fields: readonly string[],
): Promise<Map<number, Record<string, string | null>>> {
  const def = getModule(module);
  const defs = fields
    .map((name) => findField(def, name))
    .filter((f): f is FieldDef => f !== null && f.storage === 'module');
  const out = new Map<number, Record<string, string | null>>();
  for (const part of chunked([...new Set(ids)], 1)) {
    const rows = (await knex({ m: def.table })
      .join({ e: 'crm_entities' }, 'e.id', 'm.id')
      .whereIn('m.id', part)
      .where('e.deleted', false)
      .select('m.id', ...defs.map((f) => `m.${f.name}`))) as Record<string, unknown>[];
    for (const r of rows) {
      const values: Record<string, string | null> = {};
      for (const f of defs) values[f.name] = fromColumn(f, r[f.name]);
      out.set(Number(r['id']), values);
    }
  }
  return out;
}

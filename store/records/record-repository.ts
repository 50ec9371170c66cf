// CRM records of every entity module: one crm_entities row (owner, times, number, label) plus
// a row in the module's table, and line items for inventory modules. Every write is one
// transaction that also appends to the change log.
import type { Knex } from 'knex';
import { appendChange } from '../change-log.js';
import { inTransaction, nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import { getModule } from '../modules/registry.js';
import type { ModuleDef } from '../modules/types.js';
import type { Actor, CrmRecord, LineItemInput, Owner } from '../types.js';
import {
  applyVisibility,
  canAccess,
  requireRight,
  type AccessMode,
  type SharingRepository,
} from '../visibility.js';
import type { ColumnValue } from './field-values.js';
import { insertLines, writeLineItems } from './inventory-lines.js';
import { takeStock } from './inventory-stock.js';
import { withTaxRate } from './inventory-totals.js';
import type { PicklistRepository } from './picklists.js';
import { computedValues } from './computed-values.js';
import { currencyDefaults } from './currency-defaults.js';
import { computeLabel, prepareValues, systemValues, type WriteMode } from './prepare-values.js';
import { nextRecordNumber } from './record-numbers.js';
import { loadLineItems, selectRecords, toRecord, type EntityRow } from './record-rows.js';
import { sqliteAll } from '../sqlite-statements.js';

export interface RecordInput {
  readonly values: Readonly<Record<string, string | null>>;
  readonly owner?: Owner;
  /** Read-only fields the edge itself sets on create (prepare-values.ts systemValues). */
  readonly system?: Readonly<Record<string, string>>;
  /** Replaces all line items when given (inventory modules only). */
  readonly lineItems?: readonly LineItemInput[];
}

export interface ListOptions {
  readonly limit?: number;
  readonly offset?: number;
  readonly includeDeleted?: boolean;
}

export class RecordRepository {
  constructor(
    private readonly knex: Knex,
    private readonly sharing: SharingRepository,
    private readonly picklists: PicklistRepository,
  ) {}

  private entityModule(module: string): ModuleDef {
    const def = getModule(module);
    if (def.kind !== 'entity')
      throw new GatewayError('unsupported', `${module} records are not kept in the record store`);
    return def;
  }

  async create(actor: Actor, module: string, input: RecordInput): Promise<CrmRecord> {
    const def = this.entityModule(module);
    requireRight(actor, def.name, 'create');
    const prepared = {
      ...prepareValues(def, input.values, 'create'),
      ...systemValues(def, input.system),
    };
    const owner = input.owner ?? { kind: 'user', id: actor.userId };
    const lines = input.lineItems?.map(withTaxRate);
    const id = await inTransaction(this.knex, async (trx) => {
      const columns = { ...prepared, ...(await currencyDefaults(trx, def, prepared)) };
      // The actor was loaded as an active user; only another owner needs a look-up.
      if (owner.kind !== 'user' || owner.id !== actor.userId) await this.checkOwner(trx, owner);
      const now = nowUtc();
      const recordNo = await nextRecordNumber(trx, def);
      const totals = await writeLineItems(trx, def, null, lines, columns);
      const row = { ...columns, ...totals, ...computedValues(def, columns) };
      const [inserted] = await trx('crm_entities')
        .insert({
          module: def.name,
          owner_kind: owner.kind,
          owner_id: owner.id,
          record_no: recordNo,
          label: computeLabel(def, row),
          createdtime: now,
          modifiedtime: now,
          modifiedby: actor.userId,
          creator: actor.userId,
          deleted: false,
        })
        .returning('id');
      const newId =
        typeof inserted === 'object' && inserted !== null
          ? Number((inserted as { id: number }).id)
          : Number(inserted);
      await trx(def.table).insert({ id: newId, ...row });
      if (lines) {
        await insertLines(trx, newId, lines);
        await takeStock(trx, def.name, newId);
      }
      await this.picklists.grow(trx, def, row);
      await appendChange(trx, {
        module: def.name,
        recordId: newId,
        operation: 'create',
        userId: actor.userId,
        owner,
      });
      return newId;
    });
    return (await this.read(def, id)) as CrmRecord;
  }

  /** A live record the actor may read, or null (missing, deleted or not visible). */
  async get(actor: Actor, module: string, id: number): Promise<CrmRecord | null> {
    const def = this.entityModule(module);
    const record = await this.read(def, id);
    if (!record || !(await this.allowed(actor, record, 'read'))) return null;
    return record;
  }

  /** Where a record id stands, without visibility: for precise errors and id routing. */
  async status(id: number): Promise<{ module: string; deleted: boolean } | null> {
    const row = await this.knex('crm_entities')
      .where({ id })
      .first<{ module: string; deleted: boolean | number } | undefined>();
    return row ? { module: row.module, deleted: Boolean(row.deleted) } : null;
  }

  async update(
    actor: Actor,
    module: string,
    id: number,
    input: RecordInput,
    mode: Exclude<WriteMode, 'create'>,
  ): Promise<CrmRecord> {
    const def = this.entityModule(module);
    const columns = prepareValues(def, input.values, mode);
    // Read before the transaction: on SQLite the store has one connection, which the
    // transaction holds until it ends.
    const access = await this.sharing.get(def.name);
    await inTransaction(this.knex, async (trx) => {
      const current = await this.readIn(trx, def, id, true);
      if (!current) throw new GatewayError('not_found', `Record ${id} does not exist in ${module}`);
      if (!canAccess(current, actor, access, 'write'))
        throw new GatewayError('forbidden', `Permission to edit record ${id} denied`);
      const owner = input.owner ?? current.owner;
      if (input.owner) await this.checkOwner(trx, owner);
      const merged: Record<string, ColumnValue> = { ...current.values, ...columns };
      const totals = await writeLineItems(trx, def, id, input.lineItems?.map(withTaxRate), merged);
      const patch = { ...columns, ...totals, ...computedValues(def, merged) };
      if (Object.keys(patch).length > 0) await trx(def.table).where({ id }).update(patch);
      await trx('crm_entities')
        .where({ id })
        .update({
          owner_kind: owner.kind,
          owner_id: owner.id,
          label: computeLabel(def, { ...merged, ...totals }),
          modifiedtime: nowUtc(),
          modifiedby: actor.userId,
        });
      await this.picklists.grow(trx, def, patch);
      await appendChange(trx, {
        module: def.name,
        recordId: id,
        operation: 'update',
        userId: actor.userId,
        owner,
      });
    });
    return (await this.read(def, id)) as CrmRecord;
  }

  async list(actor: Actor, module: string, options: ListOptions = {}): Promise<CrmRecord[]> {
    const def = this.entityModule(module);
    const access = await this.sharing.get(def.name);
    const q = selectRecords(this.knex, def)
      .orderBy('e.id')
      .limit(options.limit ?? 100)
      .offset(options.offset ?? 0);
    if (!options.includeDeleted) q.where('e.deleted', false);
    applyVisibility(q, actor, access, 'read');
    const rows = (await q) as EntityRow[];
    const lines = def.inventory
      ? await loadLineItems(
          this.knex,
          rows.map((r) => Number(r.id)),
        )
      : null;
    return rows.map((r) => toRecord(def, r, lines ? (lines.get(Number(r.id)) ?? []) : undefined));
  }

  async count(actor: Actor, module: string): Promise<number> {
    const def = this.entityModule(module);
    const access = await this.sharing.get(def.name);
    const q = this.knex({ e: 'crm_entities' })
      .where({ 'e.module': def.name, 'e.deleted': false })
      .count<{ n: number | string }[]>({ n: '*' });
    applyVisibility(q, actor, access, 'read');
    const [row] = await q;
    return Number(row?.n ?? 0);
  }

  /** Links two records both ways' lookups (vtiger add_related); idempotent. */
  async relate(actor: Actor, id: number, relatedId: number): Promise<void> {
    for (const target of [id, relatedId]) {
      const s = await this.status(target);
      if (!s || s.deleted) throw new GatewayError('not_found', `Record ${target} does not exist`);
    }
    await this.knex('crm_relations')
      .insert({ record_id: id, related_id: relatedId, created_at: nowUtc() })
      .onConflict(['record_id', 'related_id'])
      .ignore();
    void actor;
  }

  async relatedIds(id: number): Promise<number[]> {
    const rows = await this.knex('crm_relations as r')
      .join('crm_entities as e', 'e.id', 'r.related_id')
      .where('r.record_id', id)
      .where('e.deleted', false)
      .select('r.related_id');
    const back = await this.knex('crm_relations as r')
      .join('crm_entities as e', 'e.id', 'r.record_id')
      .where('r.related_id', id)
      .where('e.deleted', false)
      .select('r.record_id as related_id');
    return [
      ...new Set([...rows, ...back].map((r: { related_id: number }) => Number(r.related_id))),
    ];
  }

  async allowed(actor: Actor, record: CrmRecord, mode: AccessMode): Promise<boolean> {
    return canAccess(record, actor, await this.sharing.get(record.module), mode);
  }

  /** Reads a record regardless of visibility; deleted ones only when asked. */
  async read(def: ModuleDef, id: number, includeDeleted = false): Promise<CrmRecord | null> {
    return this.readIn(this.knex, def, id, !includeDeleted);
  }

  /**
   * Live records of one module by id, regardless of visibility, in one query (whereIn batches of
   * 500 keep below SQLite's bound-parameter limit): for callers that would otherwise read one by
   * one, such as sync (gateway/rest/README.md §5).
   */
  async readMany(def: ModuleDef, ids: readonly number[]): Promise<Map<number, CrmRecord>> {
    const found = new Map<number, CrmRecord>();
    for (let from = 0; from < ids.length; from += 500) {
      const batch = ids.slice(from, from + 500);
      const rows = (await selectRecords(this.knex, def)
        .whereIn('e.id', batch)
        .where('e.deleted', false)) as EntityRow[];
      const lines = def.inventory
        ? await loadLineItems(
            this.knex,
            rows.map((r) => Number(r.id)),
          )
        : null;
      for (const r of rows)
        found.set(
          Number(r.id),
          toRecord(def, r, lines ? (lines.get(Number(r.id)) ?? []) : undefined),
        );
    }
    return found;
  }

  private async readIn(
    knex: Knex,
    def: ModuleDef,
    id: number,
    liveOnly: boolean,
  ): Promise<CrmRecord | null> {
    const q = selectRecords(knex, def).where('e.id', id);
    if (liveOnly) q.where('e.deleted', false);
    // On SQLite through a cached prepared statement (store/sqlite-statements.ts): the same
    // SQL text for every id of a module.
    const row = ((await sqliteAll(knex, q)) ?? (await q))[0] as EntityRow | undefined;
    if (!row) return null;
    const lines = def.inventory ? ((await loadLineItems(knex, [id])).get(id) ?? []) : undefined;
    return toRecord(def, row, lines);
  }

  private async checkOwner(knex: Knex, owner: Owner): Promise<void> {
    const row =
      owner.kind === 'user'
        ? await knex('users').where({ id: owner.id, status: 'Active' }).first('id')
        : await knex('groups').where({ id: owner.id }).first('id');
    if (!row)
      throw new GatewayError(
        'invalid_input',
        `Assigned ${owner.kind} ${owner.id} does not exist or is inactive`,
        { field: 'assigned_user_id' },
      );
  }
}

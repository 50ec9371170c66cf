// Live picklist values. Picklists grow: a value that arrives in a record (a unit of measure
// from 1C, a lead source from a webform) is added to the list rather than refused.
import type { Knex } from 'knex';
import { MULTI_SEPARATOR } from './field-values.js';
import type { FieldDef, ModuleDef } from '../modules/types.js';

export class PicklistRepository {
  // Values known to exist; only the misses go to the database.
  private known = new Set<string>();

  constructor(private readonly knex: Knex) {}

  private key(module: string, field: string, value: string): string {
    return `${module}\u0000${field}\u0000${value}`;
  }

  async values(module: string, field: string): Promise<string[]> {
    return this.knex('picklist_values')
      .where({ module, field })
      .orderBy([{ column: 'sort' }, { column: 'value' }])
      .pluck('value');
  }

  /** Adds any value of the record's picklist fields that the list does not have yet. */
  async grow(
    trx: Knex.Transaction,
    def: ModuleDef,
    values: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    for (const f of def.fields) {
      const value = values[f.name];
      if (typeof value !== 'string' || value === '' || !isPicklist(f)) continue;
      const items = f.type === 'multipicklist' ? value.split(MULTI_SEPARATOR) : [value];
      for (const item of items) await this.add(trx, def.name, f.name, item);
    }
  }

  async add(knex: Knex, module: string, field: string, value: string): Promise<void> {
    const key = this.key(module, field, value);
    if (this.known.has(key)) return;
    const [max] = await knex('picklist_values')
      .where({ module, field })
      .max<{ m: number | null }[]>({ m: 'sort' });
    await knex('picklist_values')
      .insert({ module, field, value: value.slice(0, 255), sort: Number(max?.m ?? -1) + 1 })
      .onConflict(['module', 'field', 'value'])
      .ignore();
    this.known.add(key);
  }
}

function isPicklist(f: FieldDef): boolean {
  return f.type === 'picklist' || f.type === 'multipicklist';
}

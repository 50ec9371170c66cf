// Module tables follow the registry: after the migrations, every entity module gets its table
// (mod_<name>) and every registry field its column. This step only ever adds (tables, columns,
// seed rows), never drops or alters, so it is as safe as an append-only migration and a field
// added to the registry reaches existing installs at their next start.
import type { Knex } from 'knex';
import { nowUtc } from './db.js';
import { entityModules, moduleColumns } from './modules/registry.js';
import type { FieldDef, ModuleDef } from './modules/types.js';

function addColumn(t: Knex.CreateTableBuilder | Knex.AlterTableBuilder, f: FieldDef): void {
  switch (f.type) {
    case 'integer':
      t.integer(f.name);
      return;
    case 'reference':
      // Points into crm_entities (or users); no FK because a field may refer to several modules
      // and a purged target must leave the referrer readable (the reference reads as empty).
      t.integer(f.name);
      return;
    case 'double':
    case 'currency':
      t.decimal(f.name, 25, 8);
      return;
    case 'boolean':
      t.boolean(f.name);
      return;
    default:
      t.text(f.name);
  }
}

async function ensureTable(knex: Knex, def: ModuleDef): Promise<void> {
  const columns = moduleColumns(def);
  if (!(await knex.schema.hasTable(def.table))) {
    await knex.schema.createTable(def.table, (t) => {
      t.integer('id').primary().references('crm_entities.id').onDelete('CASCADE');
      for (const f of columns) addColumn(t, f);
    });
    return;
  }
  // One look at the table's columns rather than a query per field: starts stay fast on PostgreSQL.
  const existing = new Set(Object.keys(await knex(def.table).columnInfo()));
  const missing = columns.filter((f) => !existing.has(f.name));
  if (missing.length > 0)
    await knex.schema.alterTable(def.table, (t) => missing.forEach((f) => addColumn(t, f)));
}

/** Seed rows a module needs (record numbering, sharing, default picklist values), only those missing. */
async function seedModule(knex: Knex, def: ModuleDef): Promise<void> {
  if (
    def.numbering &&
    !(await knex('record_numbers').where({ module: def.name }).first('module'))
  ) {
    await knex('record_numbers')
      .insert({ module: def.name, prefix: def.numbering.prefix, next_value: def.numbering.start })
      .onConflict('module')
      .ignore();
  }
  if (!(await knex('module_sharing').where({ module: def.name }).first('module'))) {
    await knex('module_sharing')
      .insert({ module: def.name, access: 'public_rw' })
      .onConflict('module')
      .ignore();
  }
  const present = new Set(
    (
      await knex('picklist_values')
        .where({ module: def.name })
        .select<{ field: string; value: string }[]>('field', 'value')
    ).map((r) => `${r.field}\u0000${r.value}`),
  );
  const rows = def.fields
    .flatMap((f) =>
      (f.picklistValues ?? []).map((value, sort) => ({
        module: def.name,
        field: f.name,
        value,
        sort,
      })),
    )
    .filter((r) => !present.has(`${r.field}\u0000${r.value}`));
  if (rows.length > 0)
    await knex('picklist_values').insert(rows).onConflict(['module', 'field', 'value']).ignore();
}

export async function ensureModuleSchema(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    // Replicas on PostgreSQL may start together: one at a time adds what is missing.
    if (trx.client.config.client === 'pg') await trx.raw('SELECT pg_advisory_xact_lock(7031001)');
    for (const def of entityModules()) {
      await ensureTable(trx, def);
      await seedModule(trx, def);
    }
    const modules = JSON.stringify(entityModules().map((m) => m.name));
    const stored = await trx('settings')
      .where({ key: 'schema.modules' })
      .first<{ value: string } | undefined>('value');
    if (stored?.value !== modules)
      await trx('settings')
        .insert({ key: 'schema.modules', value: modules, updated_at: nowUtc() })
        .onConflict('key')
        .merge();
  });
}

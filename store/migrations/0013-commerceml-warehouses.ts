// Names 1C declares in one package and refers to by code in another (gateway/commerceml/README.md
// §2.1 table, 3.1: Классификатор holds Склады and ЕдиницыИзмерения, while rests.xml names a
// warehouse only by its Ид and БазоваяЕдиница is only a code such as `796`). Kept per exchange
// connection so a later package resolves them; a later declaration replaces the name. Also the
// staging table of full-snapshot Ид for mode=deactivate.
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cml_declared_names', (t) => {
    t.string('connection', 100).notNullable();
    // 'warehouse' (Склад Ид → Наименование) or 'unit' (ЕдиницаИзмерения Код → НаименованиеКраткое).
    t.string('kind', 20).notNullable();
    t.string('code', 100).notNullable();
    t.text('name').notNullable();
    t.string('updated_at', TS).notNullable();
    t.primary(['connection', 'kind', 'code']);
  });
  // The Ид a full snapshot named (gateway/commerceml/README.md §2.3), loaded from the work folder
  // at mode=deactivate/complete so the links it lacks are found by one query per page instead of
  // holding every Ид in memory. `run` is the session's work folder; rows live only during the run.
  await knex.schema.createTable('cml_snapshot_ids', (t) => {
    t.string('run', 100).notNullable();
    t.string('remote_id', 500).notNullable();
    t.primary(['run', 'remote_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cml_snapshot_ids');
  await knex.schema.dropTableIfExists('cml_declared_names');
}

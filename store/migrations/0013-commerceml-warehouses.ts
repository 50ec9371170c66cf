// Names 1C declares in one package and refers to by code in another (commerceml.md §2.1 table,
// 3.1: Классификатор holds Склады and ЕдиницыИзмерения, while rests.xml names a warehouse only
// by its Ид and БазоваяЕдиница is only a code such as `796`). Kept per exchange connection so a
// later package resolves them; a later declaration replaces the name.
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
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cml_declared_names');
}

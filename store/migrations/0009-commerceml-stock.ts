// What a 1C offer carries beyond the product's own fields (gateway/commerceml/README.md
// §2.2–2.3): stock per warehouse (Склад ИдСклада/КоличествоНаСкладе, 3.1 Остатки/Остаток/Склад)
// beside the total in qtyinstock, the product's tax rates (СтавкиНалогов, requisite СтавкаНДС),
// and which product a characteristic (Ид#…) is a variant of, with its ХарактеристикиТовара.
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('product_stock', (t) => {
    t.integer('record_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    // The warehouse's 1C Ид; its name as the file declared it (Склады/Склад) when it did.
    t.string('warehouse_id', 100).notNullable();
    t.text('warehouse_name');
    t.decimal('quantity', 25, 8).notNullable();
    t.string('updated_at', TS).notNullable();
    t.primary(['record_id', 'warehouse_id']);
  });
  await knex.schema.createTable('product_taxes', (t) => {
    t.integer('record_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    t.string('tax_name', 100).notNullable();
    // NULL: the tax does not apply ("Без налога").
    t.decimal('percentage', 25, 8);
    t.primary(['record_id', 'tax_name']);
  });
  await knex.schema.createTable('product_variants', (t) => {
    t.integer('variant_id').primary().references('crm_entities.id').onDelete('CASCADE');
    t.integer('product_id').notNullable().references('crm_entities.id').onDelete('CASCADE');
    // JSON [[name, value], …] from ХарактеристикиТовара.
    t.text('properties');
    t.index(['product_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['product_variants', 'product_taxes', 'product_stock'])
    await knex.schema.dropTableIfExists(table);
}

// What vtiger 8.2 keeps per line item beside quantity and price (its vtiger_inventoryproductrel,
// answered as `LineItems` by retrieve, gateway/rest/README.md §2 "Inventory records"): the three
// tax percentages tax1–tax3, the line's purchase cost and margin, and `incrementondel`, which says
// that the line lowered its product's stock and gives it back when the record goes away
// (test/gateway/rest/inventory-stock.test.ts). Existing lines have lowered nothing.
import type { Knex } from 'knex';

const COLUMNS = ['tax1', 'tax2', 'tax3', 'purchase_cost', 'margin', 'incrementondel'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inventory_lines', (t) => {
    t.decimal('tax1', 25, 8);
    t.decimal('tax2', 25, 8);
    t.decimal('tax3', 25, 8);
    t.decimal('purchase_cost', 25, 8);
    t.decimal('margin', 25, 8);
    t.boolean('incrementondel').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inventory_lines', (t) => {
    for (const c of COLUMNS) t.dropColumn(c);
  });
}

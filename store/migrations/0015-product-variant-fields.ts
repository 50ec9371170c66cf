// Variants stored before Products had parent_product_id and variant_properties
// (store/commerceml/variant-fields.ts) get both from product_variants, where the 1C exchange kept
// them since migration 0009. Module tables are created after the migrations (module-schema.ts):
// on a fresh database mod_products does not exist yet and there is nothing to fill; on an
// existing one the two columns are added here, with the types the module schema gives them.
import type { Knex } from 'knex';
import { parseStoredProperties, writeVariantFields } from '../commerceml/variant-fields.js';

export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('mod_products'))) return;
  if (!(await knex.schema.hasColumn('mod_products', 'parent_product_id')))
    await knex.schema.alterTable('mod_products', (t) => t.integer('parent_product_id'));
  if (!(await knex.schema.hasColumn('mod_products', 'variant_properties')))
    await knex.schema.alterTable('mod_products', (t) => t.text('variant_properties'));
  const rows = await knex('product_variants')
    .orderBy('variant_id')
    .select<{ variant_id: number; product_id: number; properties: string | null }[]>(
      'variant_id',
      'product_id',
      'properties',
    );
  await writeVariantFields(
    knex,
    rows.map((r) => ({
      variantId: Number(r.variant_id),
      productId: Number(r.product_id),
      properties: parseStoredProperties(r.properties),
    })),
  );
}

/** The columns belong to the Products module from now on (the module schema keeps them). */
export async function down(): Promise<void> {
  return Promise.resolve();
}

// Migration 0015 gives variants stored before Products had parent_product_id and
// variant_properties both fields, from product_variants (store/commerceml/variant-fields.ts), on
// SQLite and PostgreSQL; a product that is no variant keeps both empty.
import * as productVariantFields from '../../store/migrations/0015-product-variant-fields.js';
import { storeTest } from '../helpers/databases.js';

storeTest('variants stored by an older gateway get their parent and properties', async (t, ts) => {
  const { store, admin } = ts;
  const knex = store.db.knex;
  const product = await store.records.create(admin, 'Products', {
    values: { productname: 'Boots' },
  });
  const variant = await store.records.create(admin, 'Products', {
    values: { productname: 'Boots 38' },
  });
  const bare = await store.records.create(admin, 'Products', {
    values: { productname: 'Boots 39' },
  });
  // As an older gateway left them: the relation in product_variants only, no columns.
  await knex('product_variants').insert([
    {
      variant_id: variant.id,
      product_id: product.id,
      properties: JSON.stringify([
        ['Размер', '38'],
        ['Цвет', 'коричневый'],
      ]),
    },
    { variant_id: bare.id, product_id: product.id, properties: null },
  ]);
  await knex.schema.alterTable('mod_products', (tb) => {
    tb.dropColumn('parent_product_id');
    tb.dropColumn('variant_properties');
  });
  await productVariantFields.up(knex);

  const rows = await knex('mod_products')
    .orderBy('id')
    .select<{ id: number; parent_product_id: number | null; variant_properties: string | null }[]>(
      'id',
      'parent_product_id',
      'variant_properties',
    );
  t.deepEqual(
    rows.map((r) => [
      Number(r.id),
      r.parent_product_id === null ? null : Number(r.parent_product_id),
      r.variant_properties,
    ]),
    [
      [product.id, null, null],
      [variant.id, product.id, 'Размер: 38; Цвет: коричневый'],
      [bare.id, product.id, null],
    ],
  );
  const read = await store.records.get(admin, 'Products', variant.id);
  t.is(read?.values['parent_product_id'], String(product.id));
});

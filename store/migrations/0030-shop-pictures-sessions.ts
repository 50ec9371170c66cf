// Pictures already sent to each web shop (sync/shop/README.md §4): a picture is sent once per shop
// and path, again only when its content changed, since shops append a re-sent file to the one they
// have (KirilLoveVE/exchange1c_v1.6_oc2.3#51). The pictures themselves are
// documents on the product (store/commerceml/product-pictures.ts), so no table is needed for them.
// And the per-shop switch for modules that take one file per init (sync/shop/README.md §3;
// django-cml2 lists import and offers as separate checkauth/init sessions).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('shop_connections', (t) => {
    t.boolean('one_init_per_file').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('shop_sent_pictures', (t) => {
    t.integer('shop_id').notNullable().references('shop_connections.id').onDelete('CASCADE');
    t.text('path').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('sent_at', 23).notNullable();
    t.primary(['shop_id', 'path']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('shop_sent_pictures');
  await knex.schema.alterTable('shop_connections', (t) => {
    t.dropColumn('one_init_per_file');
  });
}

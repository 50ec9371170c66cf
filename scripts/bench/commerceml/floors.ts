// The two floors of the CommerceML benchmark: a bare saxes parse of the files (no
// tree, no mapping) and a bulk insert of the same rows through knex in one transaction.
import { createReadStream } from 'node:fs';
import knexFactory from 'knex';
import { SaxesParser } from 'saxes';

export async function bareParse(file: string): Promise<number> {
  const parser = new SaxesParser();
  let elements = 0;
  parser.on('opentag', () => {
    elements++;
  });
  // The fastest UTF-8 decoding Node has (the import uses the same), so the floor stays a floor.
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    parser.write(first ? text.replace(/^\uFEFF/, '') : text);
    first = false;
  }
  parser.close();
  return elements;
}

export async function bulkInsert(file: string, products: number, groups: number): Promise<void> {
  const knex = knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  try {
    await knex.schema.createTable('catalogs', (t) => {
      t.increments('id');
      t.string('remote_id');
      t.string('name');
      t.integer('parent_id');
    });
    await knex.schema.createTable('products', (t) => {
      t.increments('id');
      t.string('remote_id');
      t.string('name');
      t.string('article');
      t.string('barcode');
      t.string('unit');
      t.integer('catalog_id');
      t.text('description');
      t.decimal('price', 18, 2);
      t.decimal('qty', 18, 3);
    });
    await knex.transaction(async (trx) => {
      const g = Array.from({ length: groups }, (_, i) => ({
        remote_id: `g${i}`,
        name: `Группа ${i}`,
        parent_id: null,
      }));
      await trx.batchInsert('catalogs', g, 100);
      const rows = Array.from({ length: products }, (_, p) => ({
        remote_id: `p${p}`,
        name: `Товар номер ${p} — «тестовый» & длинное описательное имя для объёма`,
        article: `ART-${p}`,
        barcode: `46${String(p).padStart(11, '0')}`,
        unit: 'шт',
        catalog_id: (p % groups) + 1,
        description: 'Описание товара. '.repeat(20),
        price: 100 + (p % 900) + 0.5,
        qty: p % 50,
      }));
      await trx.batchInsert('products', rows, 50);
    });
  } finally {
    await knex.destroy();
  }
}

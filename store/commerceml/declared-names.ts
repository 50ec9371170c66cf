// Warehouse and unit names 1C declares once and refers to by code later (migration 0013,
// gateway/commerceml/README.md §2.1 table: 3.1 Классификатор holds Склады and ЕдиницыИзмерения;
// rests.xml names a warehouse only by Ид, БазоваяЕдиница is only a code). Names are kept per
// connection; a later declaration replaces the earlier name, and stock rows already stored under
// that warehouse Ид take the new name, so stock that arrived before its declaration is named too.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { chunked } from '../records/bulk-writer.js';

export type NameKind = 'warehouse' | 'unit';

export async function declareNames(
  knex: Knex,
  connection: string,
  kind: NameKind,
  names: ReadonlyMap<string, string>,
): Promise<void> {
  const now = nowUtc();
  const rows = [...names]
    .filter(([code, name]) => code !== '' && name !== '')
    .map(([code, name]) => ({ connection, kind, code: code.slice(0, 100), name, updated_at: now }));
  if (rows.length === 0) return;
  await knex.transaction(async (trx) => {
    for (const part of chunked(rows, 5)) {
      await trx('cml_declared_names')
        .insert(part)
        .onConflict(['connection', 'kind', 'code'])
        .merge(['name', 'updated_at']);
    }
    if (kind !== 'warehouse') return;
    for (const r of rows) {
      // Warehouse Ид are 1C GUIDs, so the Ид alone identifies the stock rows to rename.
      await trx('product_stock')
        .where({ warehouse_id: r.code })
        .where((w) => {
          w.whereNot('warehouse_name', r.name).orWhereNull('warehouse_name');
        })
        .update({ warehouse_name: r.name });
    }
  });
}

/** Every name of the kind declared for the connection so far (a few dozen: warehouses, units). */
export async function declaredNames(
  knex: Knex,
  connection: string,
  kind: NameKind,
): Promise<Map<string, string>> {
  const rows = await knex('cml_declared_names')
    .where({ connection, kind })
    .select<{ code: string; name: string }[]>('code', 'name');
  return new Map(rows.map((r) => [r.code, r.name]));
}

// Offers of a batch (gateway/commerceml/README.md §2.3 offers.xml, and the split
// prices.xml/rests.xml of 2.08+/3.1): price, currency and stock go onto the linked product, or onto
// its variant for an `Ид#характеристика` — a variant is a record of the product's module linked
// under the full Ид, created at its first offer. The current values of all targets are read in one
// query, and only the records whose values differ are written, so a repeated offers file is
// read-only.
import { readFields } from '../../store/records/bulk-writer.js';
import type { FieldValues } from '../../store/types.js';
import type { BatchContext, CatalogWriter } from './catalog-writer.js';
import type { CmlOffer, CmlStock } from '../../formats/commerceml/catalog-items.js';
import {
  linkVariants,
  replaceStock,
  sameStock,
  stockOf,
  type StockRow,
} from '../../store/commerceml/product-extras.js';

export interface OfferItem {
  readonly kind: 'offer';
  readonly offer: CmlOffer;
  /** The offer's Наименование: a variant's name; prices.xml/rests.xml carry none. */
  readonly name: string;
}

interface Target {
  readonly id: number;
  readonly module: string;
  values: Record<string, string | null>;
  stocks: readonly CmlStock[];
}

function nameField(module: string): string {
  return module === 'Services' ? 'servicename' : 'productname';
}

export function offerValues(
  writer: CatalogWriter,
  o: CmlOffer,
  module: string,
): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  if (o.price !== null) values['unit_price'] = o.price;
  const currency = o.currency === null ? undefined : writer.currencyId(o.currency);
  if (currency !== undefined) values['currency_id'] = currency;
  if (o.quantity !== null && module === 'Products') values['qtyinstock'] = o.quantity;
  return values;
}

export async function writeOffers(
  writer: CatalogWriter,
  ctx: BatchContext,
  offers: readonly OfferItem[],
): Promise<void> {
  const targets = new Map<number, Target>();
  const variants: {
    key: string;
    base: { id: number; module: string };
    name: string;
    values: Record<string, string | null>;
    offer: CmlOffer;
  }[] = [];
  for (const { offer: o, name } of offers) {
    const base = ctx.links.get(o.productId);
    if (!base) {
      writer.counts.skipped++;
      continue;
    }
    const values = offerValues(writer, o, base.module);
    const key = o.characteristic === null ? null : `${o.productId}#${o.characteristic}`;
    const link = key === null ? base : ctx.links.get(key);
    if (!link && key !== null) {
      variants.push({
        key,
        base: { id: base.recordId, module: base.module },
        name,
        values,
        offer: o,
      });
      continue;
    }
    if (!link) continue;
    const t = targets.get(link.recordId) ?? {
      id: link.recordId,
      module: link.module,
      values: {},
      stocks: [],
    };
    Object.assign(t.values, values);
    if (o.stocks.length > 0) t.stocks = o.stocks;
    targets.set(link.recordId, t);
  }
  // Only the fields the offers set (and a variant's name) are read back for the comparison.
  const current = new Map<string, Map<number, Record<string, string | null>>>();
  for (const module of new Set(
    [...targets.values()].map((t) => t.module).concat(variants.map((v) => v.base.module)),
  )) {
    const mine = [...targets.values()].filter((t) => t.module === module);
    const ids = mine
      .map((t) => t.id)
      .concat(variants.filter((v) => v.base.module === module).map((v) => v.base.id));
    const fields = new Set([nameField(module), ...mine.flatMap((t) => Object.keys(t.values))]);
    current.set(module, await readFields(ctx.trx, module, ids, [...fields]));
  }
  const updates = new Map<string, Map<number, FieldValues>>();
  const storedStock = await stockOf(
    ctx.trx,
    [...targets.values()].filter((t) => t.stocks.length > 0).map((t) => t.id),
  );
  const stock: StockRow[] = [];
  for (const t of targets.values()) {
    const rec = current.get(t.module)?.get(t.id);
    if (!rec) {
      writer.counts.skipped++;
      continue;
    }
    const stockChanged = t.stocks.length > 0 && !sameStock(storedStock.get(t.id), t.stocks);
    if (stockChanged) stock.push(...stockRows(writer, t.id, t.stocks));
    if (Object.entries(t.values).every(([k, v]) => sameValue(rec[k], v))) {
      writer.counts[stockChanged ? 'updated' : 'unchanged']++;
      continue;
    }
    updates.set(
      t.module,
      (updates.get(t.module) ?? new Map<number, FieldValues>()).set(t.id, t.values),
    );
  }
  for (const [module, byId] of updates) {
    await writer.bulk.revise(ctx.trx, writer.actor, module, writer.accessOf(module), byId);
    writer.counts.updated += byId.size;
  }
  const created = await writer.upsertMany(
    ctx,
    variants.flatMap((v) => {
      const base = current.get(v.base.module)?.get(v.base.id);
      if (!base) {
        writer.counts.skipped++;
        return [];
      }
      const field = nameField(v.base.module);
      // prices.xml/rests.xml carry no name: the variant is named after its product.
      const name =
        v.name ||
        `${base[field] ?? ''} #${v.key.slice(v.key.indexOf('#') + 1, v.key.indexOf('#') + 9)}`.trim();
      return [
        {
          remoteId: v.key,
          module: v.base.module,
          adopt: false,
          values: { [field]: name, ...v.values },
        },
      ];
    }),
  );
  // A characteristic is a variant of its product, with its ХарактеристикиТовара.
  const byKey = new Map(variants.map((v) => [v.key, v]));
  const made = created.flatMap((w) => {
    const v = byKey.get(w.entry.remoteId);
    return v ? [{ v, id: w.id }] : [];
  });
  await linkVariants(
    ctx.trx,
    made.map(({ v, id }) => ({
      variantId: id,
      productId: v.base.id,
      properties: v.offer.properties,
    })),
  );
  await replaceStock(ctx.trx, [
    ...stock,
    ...made.flatMap(({ v, id }) => stockRows(writer, id, v.offer.stocks)),
  ]);
}

function stockRows(
  writer: CatalogWriter,
  recordId: number,
  stocks: readonly CmlStock[],
): StockRow[] {
  return stocks.map((st) => ({
    recordId,
    warehouseId: st.warehouseId,
    warehouseName: writer.warehouses.get(st.warehouseId) ?? null,
    quantity: st.quantity,
  }));
}

function sameValue(a: unknown, b: string | null): boolean {
  if (a === null || a === undefined || a === '') return b === null || b === '';
  if (b === null) return false;
  const na = Number(a);
  const nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na === nb : String(a) === b;
}

// A product's stock per warehouse and tax rates, kept by the 1C exchange beside its fields
// (store/commerceml/product-extras.ts), returned by retrieve as lists under one key each, the way
// retrieve_inventory returns `LineItems` (gateway/rest/README.md §2, Products). Values are strings,
// as every record value is (§4); a tax that does not apply ("Без налога") has the rate "".
import { productExtras } from '../../store/commerceml/product-extras.js';
import type { Store } from '../../store/store.js';

/** The keys retrieve adds to a Products record; update and revise ignore them when sent back. */
export const PRODUCT_EXTRA_KEYS: ReadonlySet<string> = new Set(['stock_per_warehouse', 'taxes']);

export interface ProductExtrasWs {
  readonly stock_per_warehouse: {
    warehouse_id: string;
    warehouse_name: string;
    quantity: string;
  }[];
  readonly taxes: { name: string; rate: string }[];
}

export async function productExtrasWs(store: Store, recordId: number): Promise<ProductExtrasWs> {
  const { stock, taxes } = await productExtras(store.db.knex, recordId);
  return {
    stock_per_warehouse: stock.map((s) => ({
      warehouse_id: s.warehouseId,
      warehouse_name: s.warehouseName ?? '',
      quantity: s.quantity,
    })),
    taxes: taxes.map((x) => ({ name: x.taxName, rate: x.percentage ?? '' })),
  };
}

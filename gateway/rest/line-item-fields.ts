// The line-item fields vtiger 8.2's describe lists on SalesOrder, Invoice and Quotes (its
// vtiger_field rows on vtiger_inventoryproductrel; gateway/rest/README.md §2 "Inventory
// records"). They describe what a line of `LineItems` carries; the values travel in `LineItems`,
// so the record's own fields do not hold them and VTQL does not query them.
import { field, reference } from '../../store/modules/field-builders.js';
import type { FieldDef } from '../../store/modules/types.js';

export const LINE_ITEM_FIELDS: readonly FieldDef[] = Object.freeze([
  reference('productid', 'Item Name', ['Products', 'Services'], { mandatory: true }),
  field('quantity', 'Quantity', 'double'),
  field('listprice', 'List Price', 'currency'),
  field('comment', 'Item Comment', 'text'),
  field('discount_amount', 'Item Discount Amount', 'currency'),
  field('discount_percent', 'Item Discount Percent', 'double'),
  field('tax1', 'VAT', 'double'),
  field('tax2', 'Sales', 'double'),
  field('tax3', 'Service', 'double'),
  field('purchase_cost', 'Purchase Cost', 'currency'),
  field('margin', 'Margin', 'currency'),
]);

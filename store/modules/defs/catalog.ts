// Products, Services, Catalogs (product groups as a tree, as CommerceML <Группы> sends them),
// Currency and Taxes.
import { field, multipicklist, picklist, reference } from '../field-builders.js';
import { entityModule } from '../define.js';
import type { FieldDef } from '../types.js';

// vtiger 8.2's default General Ledger accounts (its Products field glacct).
const GL_ACCOUNTS = [
  '300-Sales-Software',
  '301-Sales-Hardware',
  '302-Rental-Income',
  '303-Interest-Income',
  '304-Sales-Software-Support',
  '305-Sales Other',
  '306-Internet Sales',
  '307-Service-Hardware Labor',
  '308-Sales-Books',
];

/** Purchase cost, vtiger's three default taxes and the price in the base currency. */
function pricing(): FieldDef[] {
  return [
    field('purchase_cost', 'Purchase Cost', 'currency'),
    field('tax1', 'VAT', 'double'),
    field('tax2', 'Sales', 'double'),
    field('tax3', 'Service', 'double'),
    field('currency1', 'Price in Base Currency', 'currency'),
  ];
}

const USAGE_UNITS = [
  'Box',
  'Carton',
  'Dozen',
  'Each',
  'Hours',
  'Impressions',
  'Lb',
  'M',
  'Pack',
  'Pages',
  'Pieces',
  'Quantity',
  'Reams',
  'Sheet',
  'Spiral Binder',
  'Sq Ft',
];

export const Products = entityModule({
  name: 'Products',
  label: 'Products',
  singular: 'Product',
  idPrefix: 14,
  labelFields: ['productname'],
  numbering: { field: 'product_no', prefix: 'PRO', start: 1, label: 'Product No' },
  fields: [
    field('productname', 'Product Name', 'string', { mandatory: true }),
    field('productcode', 'Part Number', 'string'),
    field('discontinued', 'Product Active', 'boolean', { default: '1' }),
    picklist('productcategory', 'Product Category', ['Hardware', 'Software', 'CRM Applications']),
    reference('catalog_id', 'Catalog', ['Catalogs']),
    picklist('manufacturer', 'Manufacturer', ['AltvetPet Inc.', 'LexPon Inc.', 'MetBeat Corp']),
    field('vendor_part_no', 'Vendor PartNo', 'string'),
    field('mfr_part_no', 'Mfr PartNo', 'string'),
    field('serial_no', 'Serial No', 'string'),
    field('barcode', 'Barcode', 'string'),
    field('sales_start_date', 'Sales Start Date', 'date'),
    field('sales_end_date', 'Sales End Date', 'date'),
    field('start_date', 'Support Start Date', 'date'),
    field('expiry_date', 'Support Expiry Date', 'date'),
    field('website', 'Website', 'url'),
    field('unit_price', 'Unit Price', 'currency'),
    reference('currency_id', 'Currency', ['Currency']),
    field('commissionrate', 'Commission Rate', 'double'),
    multipicklist('taxclass', 'Tax Class', ['VAT', 'Sales', 'Service']),
    picklist('usageunit', 'Usage Unit', USAGE_UNITS),
    field('qty_per_unit', 'Qty/Unit', 'double'),
    field('qtyinstock', 'Qty In Stock', 'double', { decimals: 3 }),
    field('reorderlevel', 'Reorder Level', 'integer'),
    field('qtyindemand', 'Qty In Demand', 'integer'),
    field('weight', 'Weight', 'double'),
    // vtiger's Vendors module has no counterpart here: the value is kept as sent (a vtiger id),
    // so a record read from vtiger can be written back (README "Answers as vtiger 8.2 gives them").
    field('vendor_id', 'Vendor Name', 'string'),
    picklist('glacct', 'GL Account', GL_ACCOUNTS),
    field('productsheet', 'Product Sheet', 'string'),
    ...pricing(),
    field('description', 'Description', 'text'),
    // A 1C characteristic (Ид#характеристика) is a variant of its product: both are set by the
    // 1C exchange from what the offer says (gateway/commerceml/README.md §2.3), never by clients.
    reference('parent_product_id', 'Parent Product', ['Products'], { editable: false }),
    field('variant_properties', 'Variant Properties', 'text', { editable: false }),
  ],
});

export const Services = entityModule({
  name: 'Services',
  label: 'Services',
  singular: 'Service',
  idPrefix: 26,
  labelFields: ['servicename'],
  numbering: { field: 'service_no', prefix: 'SER', start: 1, label: 'Service No' },
  fields: [
    field('servicename', 'Service Name', 'string', { mandatory: true }),
    field('discontinued', 'Service Active', 'boolean', { default: '1' }),
    picklist('servicecategory', 'Service Category', [
      'Support',
      'Installation',
      'Migration',
      'Customization',
      'Training',
    ]),
    reference('catalog_id', 'Catalog', ['Catalogs']),
    picklist('service_usageunit', 'Usage Unit', ['Hours', 'Days', 'Incidents']),
    field('qty_per_unit', 'No of Units', 'double'),
    field('unit_price', 'Price', 'currency'),
    reference('currency_id', 'Currency', ['Currency']),
    field('commissionrate', 'Commission Rate', 'double'),
    multipicklist('taxclass', 'Tax Class', ['VAT', 'Sales', 'Service']),
    field('sales_start_date', 'Sales Start Date', 'date'),
    field('sales_end_date', 'Sales End Date', 'date'),
    field('start_date', 'Support Start Date', 'date'),
    field('expiry_date', 'Support Expiry Date', 'date'),
    field('website', 'Website', 'url'),
    ...pricing(),
    field('description', 'Description', 'text'),
  ],
});

export const Catalogs = entityModule({
  name: 'Catalogs',
  label: 'Catalogs',
  singular: 'Catalog',
  idPrefix: 40,
  labelFields: ['catalogname'],
  fields: [
    field('catalogname', 'Catalog Name', 'string', { mandatory: true }),
    reference('parent_id', 'Parent Catalog', ['Catalogs']),
    field('sequence', 'Sequence', 'integer'),
    field('description', 'Description', 'text'),
  ],
});

export const Currency = entityModule({
  name: 'Currency',
  label: 'Currencies',
  singular: 'Currency',
  idPrefix: 21,
  labelFields: ['currency_name'],
  commonFields: false,
  fields: [
    field('currency_name', 'Currency Name', 'string', { mandatory: true }),
    field('currency_code', 'Currency Code', 'string', { mandatory: true }),
    field('currency_symbol', 'Symbol', 'string'),
    field('conversion_rate', 'Conversion Rate', 'double', { mandatory: true, default: '1' }),
    picklist('currency_status', 'Status', ['Active', 'Inactive'], { default: 'Active' }),
    field('defaultid', 'Base Currency', 'boolean'),
  ],
});

export const Taxes = entityModule({
  name: 'Taxes',
  label: 'Taxes',
  singular: 'Tax',
  idPrefix: 34,
  labelFields: ['taxlabel'],
  commonFields: false,
  fields: [
    field('taxname', 'Tax Name', 'string', { mandatory: true }),
    field('taxlabel', 'Tax Label', 'string', { mandatory: true }),
    field('percentage', 'Percentage', 'double', { mandatory: true }),
    field('active', 'Active', 'boolean', { default: '1' }),
    field('compound', 'Compound', 'boolean'),
  ],
});

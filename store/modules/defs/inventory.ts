// SalesOrder, Invoice, Quotes: records with line items (product or service, quantity, unit price,
// tax, discount) whose totals the store computes (vtiger hdnSubTotal/hdnGrandTotal fields).
import { address, computed, field, picklist, reference } from '../field-builders.js';
import { entityModule } from '../define.js';
import type { FieldDef } from '../types.js';

const CARRIER = ['FedEx', 'UPS', 'USPS', 'DHL', 'BlueDart'];
const INVOICE_STATUS = [
  'AutoCreated',
  'Created',
  'Approved',
  'Sent',
  'Credit Invoice',
  'Paid',
  'Cancel',
];
const FREQUENCY = ['--None--', 'Daily', 'Weekly', 'Monthly', 'Quarterly', 'Yearly'];
const PAYMENT_DURATION = [
  'Net 01 day',
  'Net 05 days',
  'Net 07 days',
  'Net 10 days',
  'Net 15 days',
  'Net 30 days',
  'Net 45 days',
  'Net 60 days',
];

function totalsAndAddresses(): FieldDef[] {
  return [
    reference('currency_id', 'Currency', ['Currency']),
    field('conversion_rate', 'Conversion Rate', 'double', { decimals: 3 }),
    picklist('hdnTaxType', 'Tax Type', ['group', 'individual'], { default: 'group' }),
    field('hdnDiscountPercent', 'Discount Percent', 'double'),
    field('hdnDiscountAmount', 'Discount Amount', 'currency'),
    field('hdnS_H_Amount', 'S&H Amount', 'currency'),
    field('hdnS_H_Percent', 'S&H Percent', 'double'),
    field('shtax1', 'S&H VAT', 'double'),
    field('shtax2', 'S&H Sales', 'double'),
    field('shtax3', 'S&H Service', 'double'),
    field('txtAdjustment', 'Adjustment', 'currency'),
    computed('hdnSubTotal', 'Sub Total', 'currency'),
    computed('pre_tax_total', 'Pre Tax Total', 'currency'),
    computed('tax_total', 'Tax', 'currency'),
    computed('hdnGrandTotal', 'Total', 'currency'),
    ...address('bill', 'Billing'),
    ...address('ship', 'Shipping'),
    field('terms_conditions', 'Terms & Conditions', 'text'),
    field('description', 'Description', 'text'),
  ];
}

export const SalesOrder = entityModule({
  name: 'SalesOrder',
  label: 'Sales Orders',
  singular: 'Sales Order',
  idPrefix: 6,
  labelFields: ['subject'],
  inventory: true,
  numbering: { field: 'salesorder_no', prefix: 'SO-', start: 1001, label: 'SalesOrder No' },
  fields: [
    field('subject', 'Subject', 'string', { mandatory: true }),
    reference('potential_id', 'Opportunity Name', ['Potentials']),
    reference('quote_id', 'Quote Name', ['Quotes']),
    field('customerno', 'Customer No', 'string'),
    field('vtiger_purchaseorder', 'Purchase Order', 'string'),
    reference('contact_id', 'Contact Name', ['Contacts']),
    reference('account_id', 'Organization Name', ['Accounts'], { mandatory: true }),
    field('duedate', 'Due Date', 'date'),
    picklist('carrier', 'Carrier', CARRIER),
    field('pending', 'Pending', 'string'),
    picklist('sostatus', 'Status', ['Created', 'Approved', 'Delivered', 'Cancelled'], {
      mandatory: true,
      default: 'Created',
    }),
    field('salescommission', 'Sales Commission', 'double'),
    field('exciseduty', 'Excise Duty', 'double'),
    picklist('invoicestatus', 'Invoice Status', INVOICE_STATUS),
    field('enable_recurring', 'Enable Recurring', 'boolean'),
    picklist('recurring_frequency', 'Frequency', FREQUENCY),
    field('start_period', 'Start Period', 'date'),
    field('end_period', 'End Period', 'date'),
    picklist('payment_duration', 'Payment Duration', PAYMENT_DURATION),
    field('region_id', 'Tax Region', 'integer'),
    // The web shop order number of an order taken from a shop (README "Web shops (CRM as 1C)");
    // empty for orders made in the CRM, which are never sent to a shop.
    field('from_site', 'From Site', 'string', { editable: false }),
    ...totalsAndAddresses(),
  ],
});

export const Invoice = entityModule({
  name: 'Invoice',
  label: 'Invoices',
  singular: 'Invoice',
  idPrefix: 7,
  labelFields: ['subject'],
  inventory: true,
  numbering: { field: 'invoice_no', prefix: 'INV', start: 1, label: 'Invoice No' },
  fields: [
    field('subject', 'Subject', 'string', { mandatory: true }),
    reference('salesorder_id', 'Sales Order', ['SalesOrder']),
    field('customerno', 'Customer No', 'string'),
    reference('contact_id', 'Contact Name', ['Contacts']),
    reference('account_id', 'Organization Name', ['Accounts'], { mandatory: true }),
    field('invoicedate', 'Invoice Date', 'date'),
    field('duedate', 'Due Date', 'date'),
    field('vtiger_purchaseorder', 'Purchase Order', 'string'),
    picklist('invoicestatus', 'Status', INVOICE_STATUS, { default: 'Created' }),
    field('salescommission', 'Sales Commission', 'double'),
    field('exciseduty', 'Excise Duty', 'double'),
    reference('potential_id', 'Opportunity Name', ['Potentials']),
    field('received', 'Received', 'currency'),
    field('balance', 'Balance', 'currency'),
    field('region_id', 'Tax Region', 'integer'),
    ...totalsAndAddresses(),
  ],
});

export const Quotes = entityModule({
  name: 'Quotes',
  label: 'Quotes',
  singular: 'Quote',
  idPrefix: 4,
  labelFields: ['subject'],
  inventory: true,
  numbering: { field: 'quote_no', prefix: 'QUO', start: 1, label: 'Quote No' },
  fields: [
    field('subject', 'Subject', 'string', { mandatory: true }),
    reference('potential_id', 'Opportunity Name', ['Potentials']),
    picklist(
      'quotestage',
      'Quote Stage',
      ['Created', 'Delivered', 'Reviewed', 'Accepted', 'Rejected'],
      { mandatory: true, default: 'Created' },
    ),
    field('validtill', 'Valid Till', 'date'),
    reference('contact_id', 'Contact Name', ['Contacts']),
    reference('account_id', 'Organization Name', ['Accounts'], { mandatory: true }),
    picklist('carrier', 'Carrier', CARRIER),
    field('shipping', 'Shipping', 'string'),
    reference('assigned_user_id1', 'Inventory Manager', ['Users']),
    field('region_id', 'Tax Region', 'integer'),
    ...totalsAndAddresses(),
  ],
});

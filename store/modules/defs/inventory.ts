// SalesOrder, Invoice, Quotes: records with line items (product or service, quantity, unit price,
// tax, discount) whose totals the store computes (vtiger hdnSubTotal/hdnGrandTotal fields).
import { address, computed, field, picklist, reference } from '../field-builders.js';
import { entityModule } from '../define.js';
import type { FieldDef } from '../types.js';

const CARRIER = ['FedEx', 'UPS', 'USPS', 'DHL', 'BlueDart'];

function totalsAndAddresses(): FieldDef[] {
  return [
    reference('currency_id', 'Currency', ['Currency']),
    field('conversion_rate', 'Conversion Rate', 'double'),
    picklist('hdnTaxType', 'Tax Type', ['group', 'individual'], { default: 'group' }),
    field('hdnDiscountPercent', 'Discount Percent', 'double'),
    field('hdnDiscountAmount', 'Discount Amount', 'currency'),
    field('hdnS_H_Amount', 'S&H Amount', 'currency'),
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
    picklist(
      'invoicestatus',
      'Status',
      ['AutoCreated', 'Created', 'Approved', 'Sent', 'Credit Invoice', 'Paid', 'Cancel'],
      { default: 'Created' },
    ),
    field('salescommission', 'Sales Commission', 'double'),
    field('exciseduty', 'Excise Duty', 'double'),
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
    ...totalsAndAddresses(),
  ],
});

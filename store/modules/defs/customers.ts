// Accounts, Contacts, Leads, Potentials: vtiger 7/8 internal field names.
import { address, field, picklist, reference } from '../field-builders.js';
import { entityModule } from '../define.js';

const INDUSTRY = ['Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage', 'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media', 'Not For Profit', 'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other'];
const RATING = ['Acquired', 'Active', 'Market Failed', 'Project Cancelled', 'Shutdown'];
const LEAD_SOURCE = ['Cold Call', 'Existing Customer', 'Self Generated', 'Employee', 'Partner', 'Public Relations', 'Direct Mail', 'Conference', 'Trade Show', 'Web Site', 'Word of mouth', 'Other'];
const SALUTATION = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'];

export const Accounts = entityModule({
  name: 'Accounts', label: 'Organizations', singular: 'Organization', idPrefix: 11, labelFields: ['accountname'],
  numbering: { field: 'account_no', prefix: 'ACC', start: 1, label: 'Organization Number' },
  fields: [
    field('accountname', 'Organization Name', 'string', { mandatory: true }),
    field('website', 'Website', 'url'),
    field('phone', 'Primary Phone', 'phone'),
    field('otherphone', 'Secondary Phone', 'phone'),
    field('fax', 'Fax', 'phone'),
    field('email1', 'Primary Email', 'email'),
    field('email2', 'Secondary Email', 'email'),
    field('tickersymbol', 'Ticker Symbol', 'string'),
    reference('account_id', 'Member Of', ['Accounts']),
    field('employees', 'Employees', 'integer'),
    field('ownership', 'Ownership', 'string'),
    picklist('industry', 'Industry', INDUSTRY),
    picklist('accounttype', 'Type', ['Analyst', 'Competitor', 'Customer', 'Integrator', 'Investor', 'Partner', 'Press', 'Prospect', 'Reseller', 'Other']),
    picklist('rating', 'Rating', RATING),
    field('siccode', 'SIC Code', 'string'),
    // Russian tax id and registration reason code: CommerceML Контрагент ИНН/КПП (commerceml.md §2.4).
    field('inn', 'INN', 'string'),
    field('kpp', 'KPP', 'string'),
    field('annual_revenue', 'Annual Revenue', 'currency'),
    field('emailoptout', 'Email Opt Out', 'boolean'),
    field('notify_owner', 'Notify Owner', 'boolean'),
    ...address('bill', 'Billing'),
    ...address('ship', 'Shipping'),
    field('description', 'Description', 'text'),
  ],
});

export const Contacts = entityModule({
  name: 'Contacts', label: 'Contacts', singular: 'Contact', idPrefix: 12, labelFields: ['firstname', 'lastname'],
  numbering: { field: 'contact_no', prefix: 'CON', start: 1, label: 'Contact Id' },
  fields: [
    picklist('salutationtype', 'Salutation', SALUTATION),
    field('firstname', 'First Name', 'string'),
    field('lastname', 'Last Name', 'string', { mandatory: true }),
    reference('account_id', 'Organization Name', ['Accounts']),
    field('title', 'Title', 'string'),
    field('department', 'Department', 'string'),
    field('email', 'Primary Email', 'email'),
    field('secondaryemail', 'Secondary Email', 'email'),
    field('phone', 'Office Phone', 'phone'),
    field('mobile', 'Mobile', 'phone'),
    field('homephone', 'Home Phone', 'phone'),
    field('otherphone', 'Other Phone', 'phone'),
    field('fax', 'Fax', 'phone'),
    field('birthday', 'Birthdate', 'date'),
    picklist('leadsource', 'Lead Source', LEAD_SOURCE),
    reference('contact_id', 'Reports To', ['Contacts']),
    field('emailoptout', 'Email Opt Out', 'boolean'),
    field('donotcall', 'Do Not Call', 'boolean'),
    field('mailingstreet', 'Mailing Street', 'text'),
    field('mailingpobox', 'Mailing PO Box', 'string'),
    field('mailingcity', 'Mailing City', 'string'),
    field('mailingstate', 'Mailing State', 'string'),
    field('mailingzip', 'Mailing Zip', 'string'),
    field('mailingcountry', 'Mailing Country', 'string'),
    field('otherstreet', 'Other Street', 'text'),
    field('othercity', 'Other City', 'string'),
    field('otherstate', 'Other State', 'string'),
    field('otherzip', 'Other Zip', 'string'),
    field('othercountry', 'Other Country', 'string'),
    field('description', 'Description', 'text'),
  ],
});

export const Leads = entityModule({
  name: 'Leads', label: 'Leads', singular: 'Lead', idPrefix: 10, labelFields: ['firstname', 'lastname'],
  numbering: { field: 'lead_no', prefix: 'LEA', start: 1, label: 'Lead No' },
  fields: [
    picklist('salutationtype', 'Salutation', SALUTATION),
    field('firstname', 'First Name', 'string'),
    field('lastname', 'Last Name', 'string', { mandatory: true }),
    field('company', 'Company', 'string'),
    field('designation', 'Title', 'string'),
    field('email', 'Primary Email', 'email'),
    field('secondaryemail', 'Secondary Email', 'email'),
    field('phone', 'Primary Phone', 'phone'),
    field('mobile', 'Mobile Phone', 'phone'),
    field('fax', 'Fax', 'phone'),
    field('website', 'Website', 'url'),
    picklist('leadsource', 'Lead Source', LEAD_SOURCE),
    picklist('leadstatus', 'Lead Status', ['Attempted to Contact', 'Cold', 'Contact in Future', 'Contacted', 'Hot', 'Junk Lead', 'Lost Lead', 'Not Contacted', 'Pre Qualified', 'Qualified', 'Warm']),
    picklist('industry', 'Industry', INDUSTRY),
    field('annualrevenue', 'Annual Revenue', 'currency'),
    field('noofemployees', 'Number of Employees', 'integer'),
    picklist('rating', 'Rating', RATING),
    field('emailoptout', 'Email Opt Out', 'boolean'),
    field('lane', 'Street', 'text'),
    field('pobox', 'PO Box', 'string'),
    field('city', 'City', 'string'),
    field('state', 'State', 'string'),
    field('code', 'Postal Code', 'string'),
    field('country', 'Country', 'string'),
    field('description', 'Description', 'text'),
  ],
});

export const Potentials = entityModule({
  name: 'Potentials', label: 'Opportunities', singular: 'Opportunity', idPrefix: 13, labelFields: ['potentialname'],
  numbering: { field: 'potential_no', prefix: 'POT', start: 1, label: 'Opportunity Number' },
  fields: [
    field('potentialname', 'Opportunity Name', 'string', { mandatory: true }),
    reference('related_to', 'Organization Name', ['Accounts']),
    reference('contact_id', 'Contact Name', ['Contacts']),
    field('amount', 'Amount', 'currency'),
    field('closingdate', 'Expected Close Date', 'date', { mandatory: true }),
    picklist('sales_stage', 'Sales Stage', ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal or Price Quote', 'Negotiation or Review', 'Closed Won', 'Closed Lost'], { mandatory: true }),
    field('probability', 'Probability', 'double'),
    picklist('opportunity_type', 'Type', ['Existing Business', 'New Business']),
    picklist('leadsource', 'Lead Source', LEAD_SOURCE),
    field('nextstep', 'Next Step', 'string'),
    field('forecast_amount', 'Forecast Amount', 'currency'),
    field('description', 'Description', 'text'),
  ],
});

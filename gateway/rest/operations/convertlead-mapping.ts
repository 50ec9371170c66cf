// Lead fields copied into the records a conversion creates: vtiger's standard mapping
// (vtws_convertlead, vtiger_convertleadmapping defaults). Values given in the request win.
import type { FieldValues } from '../../../store/types.js';

type Mapping = Readonly<Record<string, string>>;

const ACCOUNT: Mapping = {
  accountname: 'company',
  industry: 'industry',
  phone: 'phone',
  fax: 'fax',
  rating: 'rating',
  email1: 'email',
  website: 'website',
  annual_revenue: 'annualrevenue',
  employees: 'noofemployees',
  description: 'description',
  bill_city: 'city',
  bill_code: 'code',
  bill_country: 'country',
  bill_state: 'state',
  bill_street: 'lane',
  bill_pobox: 'pobox',
  ship_city: 'city',
  ship_code: 'code',
  ship_country: 'country',
  ship_state: 'state',
  ship_street: 'lane',
  ship_pobox: 'pobox',
};

const CONTACT: Mapping = {
  salutationtype: 'salutationtype',
  firstname: 'firstname',
  lastname: 'lastname',
  email: 'email',
  phone: 'phone',
  mobile: 'mobile',
  title: 'designation',
  fax: 'fax',
  secondaryemail: 'secondaryemail',
  leadsource: 'leadsource',
  description: 'description',
  mailingcity: 'city',
  mailingzip: 'code',
  mailingcountry: 'country',
  mailingstate: 'state',
  mailingstreet: 'lane',
  mailingpobox: 'pobox',
};

const POTENTIAL: Mapping = { leadsource: 'leadsource', description: 'description' };

export const CONVERT_MAPPINGS: Readonly<Record<string, Mapping>> = {
  Accounts: ACCOUNT,
  Contacts: CONTACT,
  Potentials: POTENTIAL,
};

/** The lead's non-empty values under the target module's field names. */
export function mappedValues(module: string, lead: FieldValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [target, source] of Object.entries(CONVERT_MAPPINGS[module] ?? {})) {
    const v = lead[source];
    if (v !== null && v !== undefined && v !== '') out[target] = v;
  }
  return out;
}

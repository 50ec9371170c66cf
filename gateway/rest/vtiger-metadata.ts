// Where vtiger 8.2's describe/listtypes metadata differs from the registry's console wording
// (gateway/rest/README.md §4; test/gateway/rest/describe-metadata.test.ts): module labels are
// vtiger's translated tab labels (languages/en_us), and unique fields are those vtiger's
// vtiger_field marks unique. The console keeps its own labels ("Sales Orders", "Tasks").
import type { FieldDef, ModuleDef } from '../../store/modules/types.js';

const MODULE_LABEL: Readonly<Record<string, string>> = {
  SalesOrder: 'Sales Order',
  Invoice: 'Invoice',
  Calendar: 'Calendar',
  Currency: 'Currency',
};

const UNIQUE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Accounts: ['accountname'],
};

/** The module label vtiger 8.2 answers in describe and listtypes. */
export function vtigerModuleLabel(def: ModuleDef): string {
  return MODULE_LABEL[def.name] ?? def.label;
}

export function isUniqueField(module: string, f: FieldDef): boolean {
  return (UNIQUE_FIELDS[module] ?? []).includes(f.name);
}

/**
 * vtiger answers nullable false for mandatory fields and for the system fields it fills itself
 * (owner, times, record number): those kept on the crm_entities row here.
 */
export function isNullableField(f: FieldDef): boolean {
  return !f.mandatory && f.storage !== 'entity';
}

/**
 * A describe type vtiger 8.2 answers differently from the registry's: vtiger types a field by its
 * uitype where vtiger_ws_fieldtype lists the uitype (15/16 picklist, 33 multipicklist …) and by its
 * typeofdata otherwise (V → string). So salutationtype (uitype 55) and taxclass (83) and the
 * Users status (115) are strings, duration_minutes (16) and the Users time_zone (16) picklists, and
 * Calendar's activitytype (15) a picklist over the activity types Events use.
 */
export type VtigerFieldType =
  | { readonly name: 'string' }
  | { readonly name: 'picklist'; readonly values: readonly string[] }
  | { readonly name: 'picklist'; readonly liveFrom: readonly [string, string] }
  | { readonly name: 'picklist'; readonly timeZones: true };

const STRING: VtigerFieldType = { name: 'string' };
const MINUTES: VtigerFieldType = { name: 'picklist', values: ['00', '15', '30', '45'] };

const FIELD_TYPES: Readonly<Record<string, Readonly<Record<string, VtigerFieldType>>>> = {
  Contacts: { salutationtype: STRING },
  Leads: { salutationtype: STRING },
  Products: { taxclass: STRING },
  Services: { taxclass: STRING },
  Calendar: {
    activitytype: { name: 'picklist', liveFrom: ['Events', 'activitytype'] },
    duration_minutes: MINUTES,
  },
  Events: { duration_minutes: MINUTES },
  Users: { status: STRING, time_zone: { name: 'picklist', timeZones: true } },
};

export function vtigerFieldType(module: string, f: FieldDef): VtigerFieldType | null {
  return FIELD_TYPES[module]?.[f.name] ?? null;
}

/** The type name listtypes' fieldTypeList filters on: vtiger's where it differs. */
export function vtigerTypeName(module: string, f: FieldDef): string {
  return vtigerFieldType(module, f)?.name ?? f.type;
}

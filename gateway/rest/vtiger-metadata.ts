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

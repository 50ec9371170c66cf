// Terse constructors for the module definitions, so that each module reads as a field list.
import type { FieldDef, FieldType } from './types.js';

interface FieldOptions {
  readonly mandatory?: boolean;
  readonly editable?: boolean;
  readonly default?: string;
  readonly decimals?: number;
}

export function field(
  name: string,
  label: string,
  type: FieldType,
  options: FieldOptions = {},
): FieldDef {
  return {
    name,
    label,
    type,
    mandatory: options.mandatory ?? false,
    editable: options.editable ?? true,
    storage: 'module',
    ...(options.default === undefined ? {} : { default: options.default }),
    ...(options.decimals === undefined ? {} : { decimals: options.decimals }),
  };
}

export function picklist(
  name: string,
  label: string,
  values: readonly string[],
  options: FieldOptions = {},
): FieldDef {
  return { ...field(name, label, 'picklist', options), picklistValues: values };
}

export function multipicklist(name: string, label: string, values: readonly string[]): FieldDef {
  return { ...field(name, label, 'multipicklist'), picklistValues: values };
}

export function reference(
  name: string,
  label: string,
  refersTo: readonly string[],
  options: FieldOptions = {},
): FieldDef {
  return { ...field(name, label, 'reference', options), refersTo };
}

/** A total computed from line items: stored, read-only to clients. */
export function computed(name: string, label: string, type: FieldType): FieldDef {
  return { ...field(name, label, type, { editable: false }) };
}

/** Fields every entity record has, kept on its crm_entities row (gateway/rest/README.md §4). */
export function systemFields(): FieldDef[] {
  return [
    {
      name: 'assigned_user_id',
      label: 'Assigned To',
      type: 'owner',
      mandatory: true,
      editable: true,
      storage: 'entity',
    },
    {
      name: 'createdtime',
      label: 'Created Time',
      type: 'datetime',
      mandatory: false,
      editable: false,
      storage: 'entity',
    },
    {
      name: 'modifiedtime',
      label: 'Modified Time',
      type: 'datetime',
      mandatory: false,
      editable: false,
      storage: 'entity',
    },
    {
      name: 'modifiedby',
      label: 'Last Modified By',
      type: 'reference',
      refersTo: ['Users'],
      mandatory: false,
      editable: false,
      storage: 'entity',
    },
  ];
}

/**
 * Fields vtiger 8.2 gives every entity module (its CRMEntity columns `source`, `starred`, `tags`).
 * `source` says which edge created the record ("WEBSERVICE" for the webservice, as vtiger's
 * include/Webservices/Create.php fills it); clients cannot set it (gateway/rest/element-input.ts).
 */
export function commonFields(): FieldDef[] {
  return [
    field('source', 'Source', 'string'),
    field('starred', 'Starred', 'boolean'),
    field('tags', 'Tags', 'string'),
  ];
}

/** The per-module record number (e.g. SO-1001): assigned by the store, never by clients. */
export function recordNumberField(name: string, label: string): FieldDef {
  return { name, label, type: 'string', mandatory: false, editable: false, storage: 'entity' };
}

export function address(prefix: 'bill' | 'ship', label: string): FieldDef[] {
  return [
    field(`${prefix}_street`, `${label} Address`, 'text'),
    field(`${prefix}_pobox`, `${label} PO Box`, 'string'),
    field(`${prefix}_city`, `${label} City`, 'string'),
    field(`${prefix}_state`, `${label} State`, 'string'),
    field(`${prefix}_code`, `${label} Postal Code`, 'string'),
    field(`${prefix}_country`, `${label} Country`, 'string'),
  ];
}

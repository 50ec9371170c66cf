import { commonFields, recordNumberField, systemFields } from './field-builders.js';
import type { FieldDef, ModuleDef, RecordNumbering } from './types.js';

interface EntityModuleSpec {
  readonly name: string;
  readonly label: string;
  readonly singular: string;
  readonly idPrefix: number;
  readonly labelFields: readonly string[];
  readonly numbering?: RecordNumbering & { readonly label: string };
  readonly inventory?: boolean;
  readonly fields: readonly FieldDef[];
  /** vtiger's source/starred/tags; false for modules that are not vtiger entities (Currency, Taxes). */
  readonly commonFields?: boolean;
}

/** An entity module: its own fields, then the system fields every record has. */
export function entityModule(spec: EntityModuleSpec): ModuleDef {
  const numbering = spec.numbering
    ? { field: spec.numbering.field, prefix: spec.numbering.prefix, start: spec.numbering.start }
    : null;
  const numberField = spec.numbering
    ? recordNumberField(spec.numbering.field, spec.numbering.label)
    : null;
  return {
    name: spec.name,
    label: spec.label,
    singular: spec.singular,
    idPrefix: spec.idPrefix,
    kind: 'entity',
    table: `mod_${spec.name.toLowerCase()}`,
    labelFields: spec.labelFields,
    numbering,
    inventory: spec.inventory ?? false,
    // vtiger lists the record number first and the owner/time fields after the module's own.
    fields: [
      ...(numberField ? [numberField] : []),
      ...spec.fields,
      ...systemFields(),
      ...(spec.commonFields === false ? [] : commonFields()),
    ],
  };
}

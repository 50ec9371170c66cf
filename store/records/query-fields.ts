// Field names and values of a record query (gateway/rest/README.md §3). Names resolve through the
// module registry only, so no caller text ever becomes an SQL identifier; an unknown name is
// vtiger's ACCESS_DENIED "Permission to access <f> attribute denied." Values arrive as vtiger
// strings and are converted with the field's type, so numbers compare as numbers.
import { GatewayError } from '../errors.js';
import { findField } from '../modules/registry.js';
import type { FieldDef, FieldType, ModuleDef } from '../modules/types.js';
import { toColumn, type ColumnValue } from './field-values.js';

export interface QueryField {
  readonly name: string;
  readonly def: FieldDef;
  /** `id` (e.id), `owner` (e.owner_kind + e.owner_id) or an ordinary column. */
  readonly kind: 'id' | 'owner' | 'column';
  /** Qualified column: `e.<column>` on crm_entities or `m.<field>` on the module table. */
  readonly column: string;
  readonly onModuleTable: boolean;
  readonly nullable: boolean;
  /** crm_entities times carry milliseconds; vtiger compares whole seconds (§4). */
  readonly millisTime: boolean;
}

const ID_FIELD: FieldDef = {
  name: 'id',
  label: 'Id',
  type: 'integer',
  mandatory: false,
  editable: false,
  storage: 'entity',
};

// Types whose column is not text: '' means "no value" for them and LIKE needs a cast.
const NON_TEXT: ReadonlySet<FieldType> = new Set<FieldType>([
  'integer',
  'reference',
  'double',
  'currency',
  'boolean',
  'owner',
]);

// Types whose query value goes through toColumn; text-like types (email, url, picklist ...)
// are compared as given, because validating them would turn "no match" into an error.
const CONVERTED: ReadonlySet<FieldType> = new Set<FieldType>([
  'integer',
  'reference',
  'double',
  'currency',
  'boolean',
  'date',
  'datetime',
  'time',
  'multipicklist',
]);

const ID_TEXT = /^\d{1,15}$/;

export function accessDenied(name: string): GatewayError {
  return new GatewayError('forbidden', `Permission to access ${name} attribute denied.`, {
    ws: { code: 'ACCESS_DENIED' },
    field: name,
  });
}

function entityColumn(def: ModuleDef, field: FieldDef): string | null {
  if (def.numbering?.field === field.name) return 'e.record_no';
  switch (field.name) {
    case 'createdtime':
      return 'e.createdtime';
    case 'modifiedtime':
      return 'e.modifiedtime';
    case 'modifiedby':
      return 'e.modifiedby';
    default:
      return null;
  }
}

export function resolveField(def: ModuleDef, name: string): QueryField {
  const base = { name, onModuleTable: false, millisTime: false };
  if (name === 'id') return { ...base, def: ID_FIELD, kind: 'id', column: 'e.id', nullable: false };
  const field = findField(def, name);
  if (!field || field.storage === 'none') throw accessDenied(name);
  if (field.storage === 'module')
    return {
      ...base,
      def: field,
      kind: 'column',
      column: `m.${field.name}`,
      onModuleTable: true,
      nullable: true,
    };
  if (field.type === 'owner')
    return { ...base, def: field, kind: 'owner', column: 'e.owner_id', nullable: false };
  const column = entityColumn(def, field);
  if (!column) throw accessDenied(name);
  const nullable = column === 'e.record_no' || column === 'e.modifiedby';
  return {
    ...base,
    def: field,
    kind: 'column',
    column,
    nullable,
    millisTime: field.type === 'datetime',
  };
}

export function storedAsText(f: QueryField): boolean {
  return f.kind === 'column' && !NON_TEXT.has(f.def.type);
}

/** A vtiger string → the bound value for comparisons on this field. */
export function toQueryValue(f: QueryField, value: string): ColumnValue {
  if (f.kind === 'id') {
    if (!ID_TEXT.test(value.trim()))
      throw new GatewayError('invalid_input', 'Id specified is incorrect', {
        ws: { code: 'INVALID_ID_ATTRIBUTE' },
      });
    return Number(value.trim());
  }
  if (f.kind === 'owner') {
    throw new GatewayError(
      'invalid_input',
      `${f.name} is matched by owner ids (19x<user>, 20x<group>)`,
      { field: f.name },
    );
  }
  return CONVERTED.has(f.def.type) ? toColumn(f.def, value) : value;
}

// Checks a record's incoming values against the registry: unknown fields are an error (vtiger
// silently drops them, which hides typos), system and computed fields are ignored (clients
// often send back a record they retrieved), defaults fill a new record, mandatory fields must
// hold a value, and no value may be longer than its column (field-limits.ts).
import { GatewayError } from '../errors.js';
import { findField, moduleColumns } from '../modules/registry.js';
import type { ModuleDef } from '../modules/types.js';
import { isEmpty, toColumn, type ColumnValue } from './field-values.js';
import { checkLength } from './field-limits.js';

export type WriteMode = 'create' | 'update' | 'revise';

export function prepareValues(
  def: ModuleDef,
  input: Readonly<Record<string, string | null>>,
  mode: WriteMode,
): Record<string, ColumnValue> {
  const columns: Record<string, ColumnValue> = {};
  for (const [name, raw] of Object.entries(input)) {
    const f = findField(def, name);
    if (!f)
      throw new GatewayError('invalid_input', `Unknown field ${name} in module ${def.name}`, {
        field: name,
      });
    if (f.storage !== 'module' || !f.editable) continue;
    if (raw !== null) checkLength(f, raw);
    columns[name] = toColumn(f, raw);
  }
  if (mode === 'create') {
    for (const f of moduleColumns(def)) {
      if (f.default !== undefined && (columns[f.name] === undefined || columns[f.name] === null))
        columns[f.name] = toColumn(f, f.default);
    }
  }
  const missing = moduleColumns(def).filter((f) => {
    if (!f.mandatory || !f.editable) return false;
    // revise touches only the given fields: a mandatory field may be absent but not emptied.
    if (mode === 'revise' && !(f.name in columns)) return false;
    const value = columns[f.name];
    return value === undefined || isEmpty(value);
  });
  if (missing.length > 0) {
    throw new GatewayError(
      'mandatory_missing',
      `Mandatory fields not present: ${missing.map((f) => f.name).join(', ')}`,
      {
        fields: missing.map((f) => f.name),
      },
    );
  }
  return columns;
}

/** The record's label: its label fields joined by a space (vtiger's entity name). */
export function computeLabel(def: ModuleDef, values: Readonly<Record<string, unknown>>): string {
  return def.labelFields
    .map((name) => values[name])
    .filter(
      (v): v is string | number => (typeof v === 'string' && v !== '') || typeof v === 'number',
    )
    .join(' ')
    .slice(0, 1000);
}

/**
 * Values of read-only fields that an edge sets on purpose, never from client input: convertlead
 * marks what it creates `isconvertedfromlead` "1" as vtiger 8.2 does
 * (test/gateway/rest/computed-values.test.ts).
 */
export function systemValues(
  def: ModuleDef,
  input: Readonly<Record<string, string>> = {},
): Record<string, ColumnValue> {
  const columns: Record<string, ColumnValue> = {};
  for (const [name, raw] of Object.entries(input)) {
    const f = findField(def, name);
    if (!f || f.storage !== 'module')
      throw new GatewayError('internal', `Unknown field ${name} in module ${def.name}`);
    columns[name] = toColumn(f, raw);
  }
  return columns;
}

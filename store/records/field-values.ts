// Turns incoming field values (strings as vtiger clients send them, gateway/rest/README.md §4) into
// column values, and column values back into vtiger strings. Pure: no database access.
import { GatewayError } from '../errors.js';
import type { FieldDef } from '../modules/types.js';

export type ColumnValue = string | number | boolean | null;

/** vtiger joins multipicklist values with this separator on the wire and in the database. */
export const MULTI_SEPARATOR = ' |##| ';

const INTEGER = /^[+-]?\d{1,15}$/;
const DECIMAL = /^[+-]?(\d{1,17}(\.\d{0,8})?|\.\d{1,8})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(:([0-5]\d))?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function invalid(field: FieldDef, value: string, expected: string): GatewayError {
  return new GatewayError(
    'invalid_input',
    `Field ${field.name}: "${value.slice(0, 64)}" is not ${expected}`,
    { field: field.name },
  );
}

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function normaliseTime(field: FieldDef, value: string): string {
  const m = TIME.exec(value);
  if (!m) throw invalid(field, value, 'a time HH:MM[:SS]');
  return `${m[1]}:${m[2]}:${m[4] ?? '00'}`;
}

function toBoolean(field: FieldDef, value: string): boolean {
  if (/^(1|true|on|yes)$/i.test(value)) return true;
  if (/^(0|false|off|no)$/i.test(value)) return false;
  throw invalid(field, value, 'a boolean (0 or 1)');
}

/** One incoming value → the column value; '' means empty (null) for every non-text type. */
export function toColumn(field: FieldDef, input: string | null): ColumnValue {
  if (input === null) return null;
  const value = field.type === 'text' || field.type === 'string' ? input : input.trim();
  if (value === '') return field.type === 'string' || field.type === 'text' ? '' : null;
  switch (field.type) {
    case 'integer':
    case 'reference':
      if (!INTEGER.test(value))
        throw invalid(field, value, field.type === 'reference' ? 'a record id' : 'an integer');
      return Number(value);
    case 'double':
    case 'currency':
      if (!DECIMAL.test(value)) throw invalid(field, value, 'a decimal number');
      return value.startsWith('.') ? `0${value}` : value;
    case 'boolean':
      return toBoolean(field, value);
    case 'date':
      if (!validDate(value)) throw invalid(field, value, 'a date YYYY-MM-DD');
      return value;
    case 'datetime': {
      const [d = '', t = '00:00:00'] = value.split(/[ T]/);
      if (!validDate(d)) throw invalid(field, value, 'a date-time YYYY-MM-DD HH:MM:SS');
      return `${d} ${normaliseTime(field, t)}`;
    }
    case 'time':
      return normaliseTime(field, value);
    case 'email':
      if (!EMAIL.test(value) || value.length > 254)
        throw invalid(field, value, 'an e-mail address');
      return value;
    case 'multipicklist':
      return value
        .split(MULTI_SEPARATOR.trim())
        .map((v) => v.trim())
        .filter((v) => v !== '')
        .join(MULTI_SEPARATOR);
    default:
      return value;
  }
}

function decimalString(value: number | string, decimals: number): string {
  // pg returns numeric as text; sqlite as a JS number. Both become vtiger's form: 8 decimals, or
  // the column's own (probability and quantities keep 3 in vtiger, "10.000").
  const text = typeof value === 'number' ? value.toFixed(8) : value;
  const [whole = '0', frac = ''] = text.split('.');
  return `${whole}.${frac.padEnd(decimals, '0').slice(0, decimals)}`;
}

/** A column value read from the database → the vtiger string form. */
export function fromColumn(field: FieldDef, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't' ? '1' : '0';
    case 'double':
    case 'currency':
      return decimalString(
        typeof value === 'number' || typeof value === 'string' ? value : String(value),
        field.decimals ?? 8,
      );
    case 'integer':
    case 'reference':
      return String(Number(value));
    default:
      return String(value);
  }
}

export function isEmpty(value: ColumnValue): boolean {
  return value === null || value === '';
}

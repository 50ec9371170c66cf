// Operation parameters as plain values (gateway/rest/README.md §1, §6). vtiger sends strings (query
// string or form fields); "encoded" parameters (element, fieldTypeList, columns) are JSON text
// inside a field, and vtenext clients may send them as JSON objects directly.
import { wsError } from './ws-errors.js';

export type Params = Readonly<Record<string, unknown>>;

/** A scalar parameter as text; absent, null, objects and arrays read as ''. */
export function text(params: Params, name: string): string {
  const value = params[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return '';
}

/** An encoded parameter: JSON text, or (vtenext) the decoded value itself; undefined when absent. */
export function encoded(params: Params, name: string): unknown {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch (err) {
    // vtiger's JSON decoder throws a generic exception here, which it reports as
    // INTERNAL_SERVER_ERROR; keep the code, say what is wrong.
    throw wsError(
      'INTERNAL_SERVER_ERROR',
      `Parameter ${name} is not valid JSON: ${(err as Error).message}`,
    );
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An encoded parameter that must be a JSON object (element, columns). */
export function encodedObject(params: Params, name: string): Record<string, unknown> {
  const value = encoded(params, name);
  if (!isObject(value)) {
    throw wsError(
      'INTERNAL_SERVER_ERROR',
      `Parameter ${name} must be a JSON object${value === undefined ? ' and is missing' : ''}`,
    );
  }
  return value;
}

/** A JSON value as the store's string form; objects and arrays are refused by field name. */
export function scalarText(name: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  throw wsError(
    'DATABASE_QUERY_ERROR',
    `Field ${name}: expected a string value, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    { field: name },
  );
}

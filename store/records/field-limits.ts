// How long a field's text may be, checked on every create and update whatever edge it came
// through (REST, webforms, 1C, CalDAV all write through prepare-values.ts). The sizes are
// vtiger's columns: names, titles, phones, URLs and picklists are varchar(255) (vtiger's
// schema/DatabaseSchema.xml), long text such as descriptions, comments and streets is a MySQL
// TEXT column, 65,535 bytes (MySQL reference manual §13.7, "String Type Storage Requirements").
// Lengths count characters (Unicode code points), as a utf8 varchar does. README "Security".
import { GatewayError } from '../errors.js';
import type { FieldDef, FieldType } from '../modules/types.js';

export const STRING_MAX_CHARS = 255;
export const TEXT_MAX_CHARS = 65_535;

const LONG_TEXT: ReadonlySet<FieldType> = new Set<FieldType>(['text', 'multipicklist']);

export function maxChars(field: FieldDef): number {
  return LONG_TEXT.has(field.type) ? TEXT_MAX_CHARS : STRING_MAX_CHARS;
}

function codePoints(value: string, stopAfter: number): number {
  let count = 0;
  for (const _ of value) if (++count > stopAfter) break;
  return count;
}

/** Refuses a value longer than its field allows, naming the field (no value is echoed). */
export function checkLength(field: FieldDef, value: string): void {
  const limit = maxChars(field);
  // A string of n UTF-16 units holds between n/2 and n code points.
  if (value.length <= limit) return;
  if (value.length <= 2 * limit && codePoints(value, limit) <= limit) return;
  throw new GatewayError(
    'invalid_input',
    `Field ${field.name}: the value is longer than ${limit} characters`,
    { field: field.name },
  );
}

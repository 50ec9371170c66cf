// Checks a visitor's values against the form and the module's field types
// (gateway/webforms/README.md §4.2): only the form's own fields are read, values are trimmed,
// required fields must hold something, types and lengths are checked, and picklists accept only
// their listed options (a visitor must not grow a picklist). Messages speak to the visitor, one per
// field, so the form can be shown again with every problem at once. Override values always win.
import { findField } from '../../store/modules/registry.js';
import type { FieldDef, ModuleDef } from '../../store/modules/types.js';
import { MULTI_SEPARATOR, toColumn } from '../../store/records/field-values.js';
import type { Webform } from '../../store/webforms/types.js';
import type { FieldMap } from './body.js';

export const MAX_TEXT = 10_000;
export const MAX_LINE = 255;

export interface ValidationResult {
  /** What the visitor sent for the visible fields (for the inbox and for showing the form again). */
  readonly received: Record<string, string>;
  /** The record's values: the visible fields plus the overrides. */
  readonly values: Record<string, string>;
  readonly errors: Record<string, string>;
}

const PHONE = /^[0-9+()./\s-]{3,40}$/;

function typeMessage(
  f: FieldDef,
  label: string,
  value: string,
  options: readonly string[],
): string | null {
  switch (f.type) {
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254
        ? null
        : 'Please enter an e-mail address like name@example.com.';
    case 'phone':
      return PHONE.test(value)
        ? null
        : 'Please enter a phone number using digits, spaces and + - ( ) only.';
    case 'url':
      return /^\S+$/.test(value)
        ? null
        : 'Please enter a web address without spaces, like https://example.com.';
    case 'picklist':
      return options.includes(value) ? null : `Please choose one of the options for ${label}.`;
    case 'multipicklist':
      return value.split(MULTI_SEPARATOR).every((v) => options.includes(v))
        ? null
        : `Please choose only listed options for ${label}.`;
    default:
      break;
  }
  try {
    toColumn(f, value);
    return null;
  } catch {
    const expected: Partial<Record<string, string>> = {
      integer: 'a whole number',
      double: 'a number (with a dot for decimals)',
      currency: 'an amount (with a dot for decimals)',
      date: 'a date as YYYY-MM-DD',
      datetime: 'a date and time as YYYY-MM-DD HH:MM',
      time: 'a time as HH:MM',
      boolean: 'yes or no',
    };
    return `Please enter ${expected[f.type] ?? 'a valid value'} for ${label}.`;
  }
}

function readValue(f: FieldDef, raw: readonly string[] | undefined): string {
  if (!raw || raw.length === 0) return f.type === 'boolean' ? '0' : '';
  if (f.type === 'multipicklist')
    return raw
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .join(MULTI_SEPARATOR);
  const first = raw[0] ?? '';
  if (f.type === 'boolean')
    return first === '' || /^(0|false|off|no)$/i.test(first.trim()) ? '0' : '1';
  // Multi-line text keeps its inner line breaks; everything else is one trimmed line.
  return f.type === 'text' ? first.replace(/\r\n?/g, '\n').trim() : first.trim();
}

export function validateSubmission(
  form: Webform,
  def: ModuleDef,
  fields: FieldMap,
  picklists: Readonly<Record<string, readonly string[]>>,
): ValidationResult {
  const received: Record<string, string> = {};
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const wf of form.fields) {
    const f = findField(def, wf.name);
    if (!f) continue;
    if (wf.override !== null) {
      values[wf.name] = wf.override;
      continue;
    }
    const value = readValue(f, fields[wf.name]);
    received[wf.name] = value;
    // An empty optional field stays empty (null) on the record rather than an empty string.
    if (value !== '') values[wf.name] = value;
    const max = f.type === 'text' ? MAX_TEXT : MAX_LINE;
    if (value === '' || (f.type === 'boolean' && value === '0' && wf.required)) {
      if (wf.required)
        errors[wf.name] =
          f.type === 'boolean' ? `Please tick ${wf.label}.` : `Please fill in ${wf.label}.`;
      continue;
    }
    if (value.length > max) {
      errors[wf.name] =
        `${wf.label} can be at most ${max} characters long (you entered ${value.length}).`;
      continue;
    }
    const message = typeMessage(f, wf.label, value, picklists[wf.name] ?? []);
    if (message) errors[wf.name] = message;
  }
  return { received, values, errors };
}

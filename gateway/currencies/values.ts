// Parsing what an admin types for a currency or a tax (the console form and the command line
// share it): codes, rates and on/off words, each refused with a message that names the field.
import { currencyCode } from '../../formats/commerceml/catalog-items.js';
import { GatewayError } from '../../store/errors.js';

const bad = (text: string): GatewayError => new GatewayError('invalid_input', text);

/** ISO 4217 alphabetic codes; "руб"/"RUR" become RUB as in a 1C file (gateway/commerceml/README.md). */
export function parseCurrencyCode(text: string): string {
  const code = currencyCode(text);
  if (!/^[A-Z]{3}$/.test(code))
    throw bad(`currency code "${text}" is not three letters (ISO 4217, e.g. RUB)`);
  return code;
}

/** A decimal written with a dot or a comma, within [min, max]; returned in its plain form. */
export function parseRate(label: string, text: string, min: number, max: number): string {
  const t = text.trim().replace(',', '.');
  if (!/^\d{1,12}(\.\d{1,8})?$/.test(t)) throw bad(`${label} "${text}" is not a number`);
  const n = Number(t);
  if (n < min || n > max) throw bad(`${label} must be between ${min} and ${max}, got ${text}`);
  return String(n);
}

export function parseOnOff(label: string, text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1' || t === 'on' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'off' || t === 'no') return false;
  throw bad(`${label}: expected true or false, got "${text}"`);
}

/** A name of at most `max` characters, not blank. */
export function parseName(label: string, text: string, max: number): string {
  const t = text.trim();
  if (t === '' || t.length > max) throw bad(`${label} must be 1 to ${max} characters`);
  return t;
}

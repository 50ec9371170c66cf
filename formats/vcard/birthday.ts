// Birthdays with and without a year: vCard 4 writes a yearless date as `--MMDD` (RFC 6350
// §4.3.1, §6.2.5); vCard 3 has no such form, so Apple writes a placeholder year with
// `X-APPLE-OMIT-YEAR=<that year>` (and some clients `--MM-DD`, RFC 2426 §3.1.5 being silent).
import type { CardProp } from './card.js';
import { text } from './card.js';

export interface Birthday {
  readonly year: number | null;
  readonly month: number;
  readonly day: number;
}

/** Apple's placeholder year for vCard 3 (a leap year, so 29 February survives). */
export const OMIT_YEAR = 1604;

export function parseBirthday(p: CardProp | undefined): Birthday | null {
  if (!p) return null;
  const m = /^(\d{4}|--)-?(\d{2})-?(\d{2})/.exec(text(p).trim());
  if (!m) return null;
  const omit = p.params['x-apple-omit-year'];
  const year = m[1] === '--' || (typeof omit === 'string' && omit === m[1]) ? null : Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The CRM's date (YYYY-MM-DD), which needs a year. */
export const crmDate = (b: Birthday | null): string | null =>
  b && b.year !== null ? `${pad(b.year, 4)}-${pad(b.month)}-${pad(b.day)}` : null;

export function birthdayFromCrm(value: string | null): Birthday | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

/** The BDAY value and parameters for a version. */
export function bdayValue(
  b: Birthday,
  version: '3.0' | '4.0',
): { value: string; params: Record<string, string> } {
  const md = `${pad(b.month)}-${pad(b.day)}`;
  if (b.year !== null) return { value: `${pad(b.year, 4)}-${md}`, params: {} };
  if (version === '4.0') return { value: `--${pad(b.month)}${pad(b.day)}`, params: {} };
  return { value: `${OMIT_YEAR}-${md}`, params: { 'x-apple-omit-year': String(OMIT_YEAR) } };
}

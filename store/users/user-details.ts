// vtiger 8.2's descriptive user fields (title, department, phones): their columns and limits
// (gateway/rest/README.md, Users). Never secrets: these are answered to every user.
import { GatewayError } from '../errors.js';
import type { UserDetails } from '../types.js';

const DETAIL_COLUMNS: Readonly<Record<keyof UserDetails, string>> = {
  title: 'title',
  department: 'department',
  phoneWork: 'phone_work',
  phoneMobile: 'phone_mobile',
  phoneHome: 'phone_home',
  phoneOther: 'phone_other',
  phoneFax: 'phone_fax',
};

const DETAIL_LIMITS: Readonly<Record<keyof UserDetails, number>> = {
  title: 100,
  department: 100,
  phoneWork: 50,
  phoneMobile: 50,
  phoneHome: 50,
  phoneOther: 50,
  phoneFax: 50,
};

export function detailsOf(row: object): UserDetails {
  const columns = new Map(Object.entries(row));
  const get = (k: keyof UserDetails): string | null => {
    const v: unknown = columns.get(DETAIL_COLUMNS[k]);
    return typeof v === 'string' && v !== '' ? v : null;
  };
  return {
    title: get('title'),
    department: get('department'),
    phoneWork: get('phoneWork'),
    phoneMobile: get('phoneMobile'),
    phoneHome: get('phoneHome'),
    phoneOther: get('phoneOther'),
    phoneFax: get('phoneFax'),
  };
}

/** Detail columns to write; too long a value is refused before anything is written. */
export function detailColumns(
  details: Partial<UserDetails> | undefined,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (!details) return out;
  for (const key of Object.keys(DETAIL_COLUMNS) as (keyof UserDetails)[]) {
    const value = details[key];
    if (value === undefined) continue;
    const clean = value === null ? null : value.trim();
    if (clean !== null && clean.length > DETAIL_LIMITS[key])
      throw new GatewayError(
        'invalid_input',
        `User ${DETAIL_COLUMNS[key]} must be at most ${DETAIL_LIMITS[key]} characters`,
      );
    out[DETAIL_COLUMNS[key]] = clean === '' ? null : clean;
  }
  return out;
}

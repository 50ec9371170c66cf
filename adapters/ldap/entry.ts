// Reading attributes of a search entry. ldapts returns a single-valued attribute as a string and
// a multi-valued one as an array, and names keys as the server spelt them (attribute names are
// case-insensitive, RFC 4512 §2.5), so every read goes through here.
import type { Entry } from 'ldapts';
import type { DirectoryConfig } from './directory-config.js';

type Value = Buffer | Buffer[] | string[] | string;

/** Attributes that are binary on Active Directory and must be asked for as Buffers. */
const BINARY_ATTRIBUTES = new Set(['objectguid', 'objectsid', 'msds-consistencyguid']);

export function isBinaryAttribute(name: string): boolean {
  return BINARY_ATTRIBUTES.has(name.toLowerCase());
}

function raw(entry: Entry, attribute: string): Value | undefined {
  const exact = entry[attribute];
  if (exact !== undefined) return exact;
  const lower = attribute.toLowerCase();
  const key = Object.keys(entry).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : entry[key];
}

function asText(v: Buffer | string): string {
  return typeof v === 'string' ? v : v.toString('utf8');
}

export function allValues(entry: Entry, attribute: string): string[] {
  const v = raw(entry, attribute);
  if (v === undefined) return [];
  const list: (Buffer | string)[] = Array.isArray(v) ? v : [v];
  return list.map(asText).filter((s) => s !== '');
}

export function firstValue(entry: Entry, attribute: string): string | null {
  return allValues(entry, attribute)[0] ?? null;
}

/**
 * objectGUID is 16 bytes in Microsoft GUID layout: the first three fields little-endian, the
 * rest as is ([MS-DTYP] §2.3.4.2). Written as AD tools show it, so admins can compare.
 */
export function guidToString(b: Buffer): string {
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Buffer.from(b.subarray(from, to));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return [
    hex(0, 4, true),
    hex(4, 6, true),
    hex(6, 8, true),
    hex(8, 10, false),
    hex(10, 16, false),
  ].join('-');
}

/** The stable id of the entry as text: a GUID for 16-byte binaries, hex for other binaries. */
export function idValue(entry: Entry, attribute: string): string | null {
  const v = raw(entry, attribute);
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined) return null;
  if (typeof first === 'string') return first === '' ? null : first;
  if (first.length === 16) return guidToString(first);
  return first.length === 0 ? null : first.toString('hex');
}

/** What the gateway needs of a directory user. */
export interface DirectoryPerson {
  readonly dn: string;
  readonly login: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly id: string | null;
  /** memberOf values (empty when not read). */
  readonly memberOf: readonly string[];
}

export function userAttributes(config: DirectoryConfig): {
  attributes: string[];
  explicitBufferAttributes: string[];
} {
  const a = config.attributes;
  const attributes = [
    config.loginAttribute,
    a.firstName,
    a.lastName,
    a.email,
    a.id,
    ...(config.useMemberOf ? ['memberOf'] : []),
  ];
  return { attributes, explicitBufferAttributes: attributes.filter(isBinaryAttribute) };
}

export function toPerson(entry: Entry, config: DirectoryConfig): DirectoryPerson {
  const a = config.attributes;
  return {
    dn: entry.dn,
    login: firstValue(entry, config.loginAttribute),
    firstName: firstValue(entry, a.firstName),
    lastName: firstValue(entry, a.lastName),
    email: firstValue(entry, a.email),
    id: idValue(entry, a.id),
    memberOf: config.useMemberOf ? allValues(entry, 'memberOf') : [],
  };
}

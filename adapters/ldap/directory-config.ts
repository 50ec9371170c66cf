// Directory login settings (LDAP / Active Directory): one typed record, the AD and OpenLDAP
// presets, and a validation that names the setting at fault. Only scheme, host and port of the
// LDAP URL are used (RFC 4516 §2); StartTLS is the RFC 4511 §4.14 / RFC 4513 §3 upgrade of a
// plain ldap:// connection; filters follow RFC 4515.
import { FilterParser } from 'ldapts';
import { GatewayError } from '../../store/errors.js';

export interface GroupMapping {
  /** DN of the directory group; compared case-insensitively. */
  readonly directoryGroup: string;
  /** Gateway group the members join; null for a mapping that only grants admin. */
  readonly gatewayGroup: string | null;
  readonly admin: boolean;
}

export interface DirectoryAttributes {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** Stable id of an entry: entryUUID (OpenLDAP, RFC 4530) or objectGUID (AD, binary). */
  readonly id: string;
}

export interface DirectoryConfig {
  readonly enabled: boolean;
  readonly url: string;
  readonly startTls: boolean;
  /** PEM text of the CA (or the server certificate) to trust; null: the system store. */
  readonly caCert: string | null;
  readonly rejectUnauthorized: boolean;
  /** Service account; an empty DN means an anonymous search bind. */
  readonly bindDn: string;
  readonly bindPassword: string;
  readonly userBase: string;
  /** Must contain {{username}}. */
  readonly userFilter: string;
  /** Used instead of userFilter when the login contains @ (AD userPrincipalName); null: never. */
  readonly upnFilter: string | null;
  /** The attribute whose value becomes the gateway user name. */
  readonly loginAttribute: string;
  readonly attributes: DirectoryAttributes;
  /** Where to search groups with groupFilter; null: no group search. */
  readonly groupBase: string | null;
  /** Must contain {{dn}} (the user's DN). */
  readonly groupFilter: string;
  /** Read the user's memberOf attribute (AD, OpenLDAP with the memberof overlay). */
  readonly useMemberOf: boolean;
  readonly groupMappings: readonly GroupMapping[];
  readonly timeoutMs: number;
  readonly syncIntervalSeconds: number;
}

export type DirectoryPreset = 'ad' | 'openldap';
export const DIRECTORY_PRESETS: readonly DirectoryPreset[] = ['ad', 'openldap'];

/** What a preset fills in; connection and accounts stay the administrator's. */
export type PresetValues = Pick<
  DirectoryConfig,
  'userFilter' | 'upnFilter' | 'loginAttribute' | 'attributes' | 'groupFilter' | 'useMemberOf'
>;

// userAccountControl bit 2 (ACCOUNTDISABLE) via LDAP_MATCHING_RULE_BIT_AND
// (1.2.840.113556.1.4.803, [MS-ADTS] §3.1.1.3.4.4.1): disabled accounts never match.
const AD_ENABLED = '(!(userAccountControl:1.2.840.113556.1.4.803:=2))';

export const PRESETS: Readonly<Record<DirectoryPreset, PresetValues>> = {
  ad: {
    userFilter: `(&(objectCategory=person)(objectClass=user)(sAMAccountName={{username}})${AD_ENABLED})`,
    upnFilter: `(&(objectCategory=person)(objectClass=user)(userPrincipalName={{username}})${AD_ENABLED})`,
    loginAttribute: 'sAMAccountName',
    attributes: { firstName: 'givenName', lastName: 'sn', email: 'mail', id: 'objectGUID' },
    groupFilter: '(&(objectClass=group)(member={{dn}}))',
    useMemberOf: true,
  },
  openldap: {
    userFilter: '(&(objectClass=inetOrgPerson)(uid={{username}}))',
    upnFilter: null,
    loginAttribute: 'uid',
    attributes: { firstName: 'givenName', lastName: 'sn', email: 'mail', id: 'entryUUID' },
    groupFilter: '(&(objectClass=groupOfNames)(member={{dn}}))',
    useMemberOf: false,
  },
};

export const DEFAULT_DIRECTORY_CONFIG: DirectoryConfig = {
  enabled: false,
  url: '',
  startTls: false,
  caCert: null,
  rejectUnauthorized: true,
  bindDn: '',
  bindPassword: '',
  userBase: '',
  ...PRESETS.openldap,
  groupBase: null,
  groupMappings: [],
  timeoutMs: 5000,
  syncIntervalSeconds: 3600,
};

function invalid(setting: string, message: string): GatewayError {
  return new GatewayError('invalid_input', `${setting}: ${message}`, { setting });
}

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;

/** RFC 4515 §3: parentheses inside values are escaped, so the raw ones must balance. */
function balanced(filter: string): boolean {
  let depth = 0;
  for (let i = 0; i < filter.length; i += 1) {
    if (filter[i] === '(') depth += 1;
    if (filter[i] === ')') depth -= 1;
    if (depth < 0 || (depth === 0 && i < filter.length - 1)) return false;
  }
  return depth === 0;
}

function checkFilter(setting: string, filter: string, placeholder: string | null): void {
  if (placeholder !== null && !filter.includes(placeholder))
    throw invalid(setting, `the filter must contain ${placeholder}`);
  if (!filter.startsWith('(') || !filter.endsWith(')'))
    throw invalid(setting, 'an LDAP filter starts with "(" and ends with ")" (RFC 4515)');
  if (!balanced(filter)) throw invalid(setting, 'the parentheses do not balance (RFC 4515 §3)');
  try {
    FilterParser.parseString(placeholder === null ? filter : filter.split(placeholder).join('x'));
  } catch (err) {
    throw invalid(setting, `not a valid LDAP filter (RFC 4515): ${(err as Error).message}`);
  }
}

function checkUrl(url: string, startTls: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('url', `not a URL: "${url}" (expected ldap://host:389 or ldaps://host:636)`);
  }
  if (parsed.protocol !== 'ldap:' && parsed.protocol !== 'ldaps:') {
    throw invalid('url', `scheme must be ldap:// or ldaps://, got ${parsed.protocol}//`);
  }
  if (parsed.hostname === '') throw invalid('url', 'the host is missing');
  if (
    (parsed.pathname !== '' && parsed.pathname !== '/') ||
    parsed.search !== '' ||
    parsed.username !== ''
  ) {
    throw invalid(
      'url',
      'only scheme, host and port are used; put the base DN in userBase and credentials in bindDn/bindPassword',
    );
  }
  if (startTls && parsed.protocol === 'ldaps:') {
    throw invalid(
      'startTls',
      'StartTLS upgrades a plain ldap:// connection; an ldaps:// URL is already encrypted',
    );
  }
}

function checkMappings(mappings: readonly GroupMapping[]): void {
  mappings.forEach((m, i) => {
    const setting = `groupMappings[${i}]`;
    if (m.directoryGroup.trim() === '')
      throw invalid(setting, 'directoryGroup (the group DN) is empty');
    if (m.gatewayGroup !== null && (m.gatewayGroup.trim() === '' || m.gatewayGroup.length > 100)) {
      throw invalid(
        setting,
        'gatewayGroup must be 1-100 characters (or null for an admin-only mapping)',
      );
    }
    if (m.gatewayGroup === null && !m.admin)
      throw invalid(setting, 'maps to neither a gateway group nor admin');
  });
}

function checkRequired(c: DirectoryConfig): void {
  if (c.url === '') throw invalid('url', 'required when directory login is enabled');
  if (c.userBase.trim() === '')
    throw invalid('userBase', 'required when directory login is enabled');
}

function checkNumbers(c: DirectoryConfig): void {
  if (!Number.isInteger(c.timeoutMs) || c.timeoutMs < 100 || c.timeoutMs > 120_000)
    throw invalid('timeoutMs', 'expected 100..120000 milliseconds');
  if (
    !Number.isInteger(c.syncIntervalSeconds) ||
    c.syncIntervalSeconds < 60 ||
    c.syncIntervalSeconds > 31_536_000
  ) {
    throw invalid('syncIntervalSeconds', 'expected 60..31536000 seconds');
  }
}

/** Returns the config when every setting is usable; otherwise throws invalid_input naming it. */
export function validateDirectoryConfig(c: DirectoryConfig): DirectoryConfig {
  if (c.enabled) checkRequired(c);
  if (c.url !== '') checkUrl(c.url, c.startTls);
  else if (c.startTls) throw invalid('startTls', 'needs an ldap:// url');
  if (c.caCert !== null && !c.caCert.includes('-----BEGIN CERTIFICATE-----'))
    throw invalid('caCert', 'expected PEM text (-----BEGIN CERTIFICATE-----)');
  // RFC 4513 §5.1.2: a DN with an empty password is an "unauthenticated bind" that some
  // servers accept as success, so a service DN without a password is never sent.
  if (c.bindDn !== '' && c.bindPassword === '')
    throw invalid('bindPassword', 'required when bindDn is set');
  checkFilter('userFilter', c.userFilter, '{{username}}');
  if (c.upnFilter !== null) checkFilter('upnFilter', c.upnFilter, '{{username}}');
  if (c.groupBase !== null) checkFilter('groupFilter', c.groupFilter, '{{dn}}');
  for (const [key, value] of Object.entries({
    loginAttribute: c.loginAttribute,
    ...prefixed(c.attributes),
  })) {
    if (!ATTRIBUTE.test(value)) throw invalid(key, `not an attribute name: "${value}"`);
  }
  checkMappings(c.groupMappings);
  checkNumbers(c);
  return c;
}

function prefixed(a: DirectoryAttributes): Record<string, string> {
  return {
    'attributes.firstName': a.firstName,
    'attributes.lastName': a.lastName,
    'attributes.email': a.email,
    'attributes.id': a.id,
  };
}

export function isDirectoryPreset(value: string): value is DirectoryPreset {
  return (DIRECTORY_PRESETS as readonly string[]).includes(value);
}

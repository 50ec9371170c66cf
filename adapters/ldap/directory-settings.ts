// Where the directory settings live: store.settings under 'directory.config', as JSON. The
// service account's bind password is stored there in clear text, because a simple bind
// (RFC 4513 §5.1.3) needs the password itself; protect the database and its backups like the
// directory credential it holds. Nothing that displays settings may show it: publicView() masks it.
import { X509Certificate } from 'node:crypto';
import type { SettingsRepository } from '../../store/settings.js';
import {
  DEFAULT_DIRECTORY_CONFIG,
  PRESETS,
  validateDirectoryConfig,
  type DirectoryAttributes,
  type DirectoryConfig,
  type DirectoryPreset,
  type GroupMapping,
} from './directory-config.js';

export const DIRECTORY_SETTINGS_KEY = 'directory.config';
const MASK = '********';

/** A change to the settings: only the fields given change; attributes merge field by field. */
export type DirectoryConfigInput = Partial<Omit<DirectoryConfig, 'attributes'>> & {
  readonly attributes?: Partial<DirectoryAttributes>;
};

export interface CaCertSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
  readonly fingerprint256: string;
}

export type PublicDirectoryConfig = Omit<DirectoryConfig, 'bindPassword' | 'caCert'> & {
  /** '********' when a password is stored, '' when none: the password itself never leaves. */
  readonly bindPassword: string;
  readonly caCert: CaCertSummary | { readonly error: string } | null;
};

type Fields = Record<string, unknown>;

function pick<T>(raw: Fields, key: string, guard: (v: unknown) => v is T, fallback: T): T {
  const value = raw[key];
  return guard(value) ? value : fallback;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseMappings(value: unknown): GroupMapping[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((m) => ({
    directoryGroup: pick(m, 'directoryGroup', isString, ''),
    gatewayGroup: pick(m, 'gatewayGroup', isStringOrNull, null),
    admin: pick(m, 'admin', isBool, false),
  }));
}

function parseAttributes(value: unknown): DirectoryAttributes {
  const d = DEFAULT_DIRECTORY_CONFIG.attributes;
  const raw = isObject(value) ? value : {};
  return {
    firstName: pick(raw, 'firstName', isString, d.firstName),
    lastName: pick(raw, 'lastName', isString, d.lastName),
    email: pick(raw, 'email', isString, d.email),
    id: pick(raw, 'id', isString, d.id),
  };
}

/** Reads stored JSON defensively: a field of the wrong type falls back to its default. */
export function parseStoredConfig(value: unknown): DirectoryConfig {
  const raw = isObject(value) ? value : {};
  const d = DEFAULT_DIRECTORY_CONFIG;
  return {
    enabled: pick(raw, 'enabled', isBool, d.enabled),
    url: pick(raw, 'url', isString, d.url),
    startTls: pick(raw, 'startTls', isBool, d.startTls),
    caCert: pick(raw, 'caCert', isStringOrNull, d.caCert),
    rejectUnauthorized: pick(raw, 'rejectUnauthorized', isBool, d.rejectUnauthorized),
    bindDn: pick(raw, 'bindDn', isString, d.bindDn),
    bindPassword: pick(raw, 'bindPassword', isString, d.bindPassword),
    userBase: pick(raw, 'userBase', isString, d.userBase),
    userFilter: pick(raw, 'userFilter', isString, d.userFilter),
    upnFilter: pick(raw, 'upnFilter', isStringOrNull, d.upnFilter),
    loginAttribute: pick(raw, 'loginAttribute', isString, d.loginAttribute),
    attributes: parseAttributes(raw['attributes']),
    groupBase: pick(raw, 'groupBase', isStringOrNull, d.groupBase),
    groupFilter: pick(raw, 'groupFilter', isString, d.groupFilter),
    useMemberOf: pick(raw, 'useMemberOf', isBool, d.useMemberOf),
    groupMappings: parseMappings(raw['groupMappings']),
    timeoutMs: pick(raw, 'timeoutMs', isNumber, d.timeoutMs),
    syncIntervalSeconds: pick(raw, 'syncIntervalSeconds', isNumber, d.syncIntervalSeconds),
  };
}

export async function loadDirectoryConfig(settings: SettingsRepository): Promise<DirectoryConfig> {
  return parseStoredConfig(await settings.get<unknown>(DIRECTORY_SETTINGS_KEY, null));
}

/** current ← preset ← change, validated; a change without bindPassword keeps the stored one. */
export function mergeDirectoryConfig(
  current: DirectoryConfig,
  change: DirectoryConfigInput,
  preset?: DirectoryPreset,
): DirectoryConfig {
  const base: DirectoryConfig = preset ? { ...current, ...PRESETS[preset] } : current;
  const { attributes, ...rest } = change;
  const defined = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  ) as Partial<DirectoryConfig>;
  const merged: DirectoryConfig = {
    ...base,
    ...defined,
    attributes: { ...base.attributes, ...definedAttributes(attributes) },
  };
  return validateDirectoryConfig(merged);
}

function definedAttributes(
  a: Partial<DirectoryAttributes> | undefined,
): Partial<DirectoryAttributes> {
  return Object.fromEntries(
    Object.entries(a ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<DirectoryAttributes>;
}

export async function saveDirectoryConfig(
  settings: SettingsRepository,
  config: DirectoryConfig,
): Promise<void> {
  await settings.set(DIRECTORY_SETTINGS_KEY, validateDirectoryConfig(config));
}

function summarizeCa(pem: string): CaCertSummary | { readonly error: string } {
  try {
    const cert = new X509Certificate(pem);
    return {
      subject: cert.subject,
      issuer: cert.issuer,
      validTo: cert.validTo,
      fingerprint256: cert.fingerprint256,
    };
  } catch (err) {
    return { error: `cannot read the CA certificate: ${(err as Error).message}` };
  }
}

/** The settings for display (console, CLI): secrets masked, the CA summarised. */
export function publicView(config: DirectoryConfig): PublicDirectoryConfig {
  return {
    ...config,
    bindPassword: config.bindPassword === '' ? '' : MASK,
    caCert: config.caCert === null ? null : summarizeCa(config.caCert),
  };
}

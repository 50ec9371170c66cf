// `directory configure|test|sync|show`: the directory login settings page on the command line.
// Output is the public view: the bind password is never printed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  isDirectoryPreset,
  type DirectoryPreset,
  type GroupMapping,
} from '../../adapters/ldap/directory-config.js';
import { DirectoryService } from '../../adapters/ldap/directory-service.js';
import type { DirectoryConfigInput } from '../../adapters/ldap/directory-settings.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

const CONFIGURE_FLAGS = {
  url: { type: 'string' },
  'bind-dn': { type: 'string' },
  'bind-password': { type: 'string' },
  'user-base': { type: 'string' },
  'user-filter': { type: 'string' },
  'login-attribute': { type: 'string' },
  'group-base': { type: 'string' },
  'group-filter': { type: 'string' },
  'use-memberof': { type: 'boolean' },
  'start-tls': { type: 'boolean' },
  'ca-file': { type: 'string' },
  preset: { type: 'string' },
  'map-group': { type: 'string', multiple: true },
  'timeout-ms': { type: 'string' },
  'sync-interval-seconds': { type: 'string' },
  disable: { type: 'boolean' },
} as const;

type ConfigureValues = ReturnType<typeof parseConfigure>;

// parseArgs directly (not args.ts flags()): --map-group repeats.
function parseConfigure(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: CONFIGURE_FLAGS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** "DN=>group", "DN=>group:admin" or "DN=>:admin" (admin only). The last "=>" splits: DNs have none. */
export function parseGroupMapping(text: string): GroupMapping {
  const at = text.lastIndexOf('=>');
  if (at <= 0)
    throw new UsageError(`--map-group "${text}": expected "group DN=>gateway group[:admin]"`);
  const directoryGroup = text.slice(0, at).trim();
  let target = text.slice(at + 2).trim();
  const admin = target.endsWith(':admin');
  if (admin) target = target.slice(0, -':admin'.length).trim();
  if (target === '' && !admin)
    throw new UsageError(`--map-group "${text}": no gateway group and no :admin`);
  return { directoryGroup, gatewayGroup: target === '' ? null : target, admin };
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${flag}: expected a whole number, got "${value}"`);
  return Number(value);
}

function readCa(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--ca-file ${file}: ${(err as Error).message}`);
  }
}

function toChange(v: ConfigureValues): DirectoryConfigInput {
  const empty = (s: string | undefined): string | null | undefined =>
    s === undefined ? undefined : s === '' ? null : s;
  return {
    enabled: v.disable !== true,
    url: v.url,
    bindDn: v['bind-dn'],
    bindPassword: v['bind-password'],
    userBase: v['user-base'],
    userFilter: v['user-filter'],
    loginAttribute: v['login-attribute'],
    groupBase: empty(v['group-base']),
    groupFilter: v['group-filter'],
    useMemberOf: v['use-memberof'],
    startTls: v['start-tls'],
    caCert: readCa(v['ca-file']),
    groupMappings: v['map-group']?.map(parseGroupMapping),
    timeoutMs: integer(v['timeout-ms'], 'timeout-ms'),
    syncIntervalSeconds: integer(v['sync-interval-seconds'], 'sync-interval-seconds'),
  };
}

function preset(value: string | undefined): DirectoryPreset | undefined {
  if (value === undefined) return undefined;
  if (!isDirectoryPreset(value))
    throw new UsageError(`--preset: expected ad or openldap, got "${value}"`);
  return value;
}

export const DIRECTORY_COMMANDS: readonly Command[] = [
  {
    noun: 'directory',
    verb: 'configure',
    usage:
      'directory configure --url URL --bind-dn DN --bind-password P --user-base DN [--user-filter F] [--group-base DN] [--start-tls] [--ca-file F] [--preset ad|openldap] [--map-group "DN=>gatewayGroup[:admin]"]... [--disable]',
    run: async (args, { config }) => {
      const values = parseConfigure(args);
      const change = toChange(values);
      return withStore(config, (store) =>
        new DirectoryService(store).configure(change, preset(values.preset)),
      );
    },
  },
  {
    noun: 'directory',
    verb: 'test',
    usage:
      'directory test [--user LOGIN]   (connect, TLS, service bind, search base, optional user lookup)',
    run: async (args, { config }) => {
      const f = flags(args, { user: { type: 'string' } });
      return withStore(config, (store) => new DirectoryService(store).test(str(f, 'user')));
    },
  },
  {
    noun: 'directory',
    verb: 'sync',
    usage: 'directory sync   (reads all directory users now; deactivates those gone)',
    run: async (args, { config }) => {
      flags(args, {});
      return withStore(config, (store) => new DirectoryService(store).sync());
    },
  },
  {
    noun: 'directory',
    verb: 'show',
    usage: 'directory show   (settings, bind password masked)',
    run: async (args, { config }) => {
      flags(args, {});
      return withStore(config, (store) => new DirectoryService(store).publicConfig());
    },
  },
];

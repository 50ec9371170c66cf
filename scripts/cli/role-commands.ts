// `profile create|list|set-rights|set-fields|fields` and `role create|list`: vtiger's profiles and roles as
// installers script them (README.md "Command line", "### Roles and profiles"), printed as JSON.
// Rights are `Module:view,create,edit,delete;*:view` (store/roles/rights.ts); field rules are
// comma lists of hidden and read-only fields per module (store/roles/field-rules.ts).
import { GatewayError } from '../../store/errors.js';
import { parseFieldRules } from '../../store/roles/field-rules.js';
import type { Profile, Role } from '../../store/roles/role-repository.js';
import { formatRights, parseRights, type RightsTable } from '../../store/roles/rights.js';
import type { Store } from '../../store/store.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

/** Bad rights text is a usage error (exit code 2), before the store is opened. */
function rightsFlag(text: string): RightsTable {
  try {
    return parseRights(text);
  } catch (err) {
    if (err instanceof GatewayError) throw new UsageError(err.message);
    throw err;
  }
}

export async function profileNamed(store: Store, name: string): Promise<Profile> {
  const profile = await store.roles.profileByName(name);
  if (!profile) throw new GatewayError('not_found', `Profile ${name} does not exist`);
  return profile;
}

export async function roleNamed(store: Store, name: string): Promise<Role> {
  const role = await store.roles.roleByName(name);
  if (!role) throw new GatewayError('not_found', `Role ${name} does not exist`);
  return role;
}

function profileSummary(p: Profile): Record<string, unknown> {
  return { id: String(p.id), name: p.name, rights: formatRights(p.rights) };
}

async function roleSummaries(store: Store): Promise<Record<string, unknown>[]> {
  const [roles, profiles, counts] = await Promise.all([
    store.roles.listRoles(),
    store.roles.listProfiles(),
    store.roles.userCounts(),
  ]);
  const nameOf = new Map(roles.map((r) => [r.id, r.name]));
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  return roles.map((r) => ({
    id: String(r.id),
    name: r.name,
    parent: r.parentId === null ? null : (nameOf.get(r.parentId) ?? null),
    profiles: r.profileIds.map((id) => profileName.get(id) ?? String(id)),
    users: counts.get(r.id) ?? 0,
  }));
}

export const ROLE_COMMANDS: readonly Command[] = [
  {
    noun: 'profile',
    verb: 'create',
    usage: 'profile create --name N --rights "Contacts:view,create,edit,delete;*:view"',
    run: async (args, { config }) => {
      const f = flags(args, { name: { type: 'string' }, rights: { type: 'string' } }, [
        'name',
        'rights',
      ]);
      const rights = rightsFlag(str(f, 'rights') as string);
      return withStore(config, async (store) =>
        profileSummary(await store.roles.createProfile(str(f, 'name') as string, rights)),
      );
    },
  },
  {
    noun: 'profile',
    verb: 'set-rights',
    usage: 'profile set-rights --name N --rights "Contacts:view,create,edit,delete;*:view"',
    run: async (args, { config }) => {
      const f = flags(args, { name: { type: 'string' }, rights: { type: 'string' } }, [
        'name',
        'rights',
      ]);
      const rights = rightsFlag(str(f, 'rights') as string);
      return withStore(config, async (store) => {
        const profile = await profileNamed(store, str(f, 'name') as string);
        return profileSummary(await store.roles.setProfileRights(profile.id, rights));
      });
    },
  },
  {
    noun: 'profile',
    verb: 'set-fields',
    usage:
      'profile set-fields --name N --module Contacts [--hidden mobile,email] [--readonly title]',
    run: async (args, { config }) => {
      const f = flags(
        args,
        {
          name: { type: 'string' },
          module: { type: 'string' },
          hidden: { type: 'string' },
          readonly: { type: 'string' },
        },
        ['name', 'module'],
      );
      const module = str(f, 'module') as string;
      const hidden = str(f, 'hidden') ?? '';
      const readonly = str(f, 'readonly') ?? '';
      // Unknown or mandatory fields are usage errors, before the store is opened.
      try {
        parseFieldRules(module, hidden, readonly);
      } catch (err) {
        if (err instanceof GatewayError) throw new UsageError(err.message);
        throw err;
      }
      return withStore(config, async (store) => {
        const profile = await profileNamed(store, str(f, 'name') as string);
        const rules = await store.roles.setProfileFields(profile.id, module, hidden, readonly);
        return { name: profile.name, module, ...rules };
      });
    },
  },
  {
    noun: 'profile',
    verb: 'fields',
    usage: 'profile fields --name N',
    run: async (args, { config }) => {
      const f = flags(args, { name: { type: 'string' } }, ['name']);
      return withStore(config, async (store) => {
        const profile = await profileNamed(store, str(f, 'name') as string);
        return { name: profile.name, fields: await store.roles.profileFields(profile.id) };
      });
    },
  },
  {
    noun: 'profile',
    verb: 'list',
    usage: 'profile list',
    run: async (args, { config }) => {
      flags(args, {});
      return withStore(config, async (store) =>
        (await store.roles.listProfiles()).map(profileSummary),
      );
    },
  },
  {
    noun: 'role',
    verb: 'create',
    usage: 'role create --name N --profile N [--parent ROLE]',
    run: async (args, { config }) => {
      const f = flags(
        args,
        { name: { type: 'string' }, profile: { type: 'string' }, parent: { type: 'string' } },
        ['name', 'profile'],
      );
      return withStore(config, async (store) => {
        const profile = await profileNamed(store, str(f, 'profile') as string);
        const parentName = str(f, 'parent');
        const parent = parentName === undefined ? null : await roleNamed(store, parentName);
        const role = await store.roles.createRole(
          str(f, 'name') as string,
          [profile.id],
          parent?.id ?? null,
        );
        return (await roleSummaries(store)).find((r) => r.id === String(role.id));
      });
    },
  },
  {
    noun: 'role',
    verb: 'list',
    usage: 'role list',
    run: async (args, { config }) => {
      flags(args, {});
      return withStore(config, roleSummaries);
    },
  },
];

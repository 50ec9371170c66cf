import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { User, UserDetails } from '../../store/types.js';
import { flags, str } from './args.js';
import type { Command } from './commands.js';
import { roleNamed } from './role-commands.js';
import { withStore } from './with-store.js';

async function userByName(store: Store, userName: string): Promise<User> {
  const user = await store.users.findByUserName(userName);
  if (!user) throw new GatewayError('not_found', `User ${userName} does not exist`);
  return user;
}

function summary(user: User, roleNames: ReadonlyMap<number, string>): Record<string, unknown> {
  return {
    id: String(user.id),
    username: user.userName,
    isAdmin: user.isAdmin,
    status: user.status,
    email: user.email,
    role: user.roleId == null ? null : (roleNames.get(user.roleId) ?? null),
    title: user.details?.title ?? null,
    department: user.details?.department ?? null,
  };
}

/** The descriptive fields `user create` and `user set-details` take (store/users/user-details.ts). */
const DETAIL_FLAGS = {
  title: { type: 'string' },
  department: { type: 'string' },
  'phone-work': { type: 'string' },
  'phone-mobile': { type: 'string' },
  'phone-home': { type: 'string' },
  'phone-other': { type: 'string' },
  'phone-fax': { type: 'string' },
} as const;

function detailsFrom(f: Record<string, string | boolean | undefined>): Partial<UserDetails> {
  const out: { -readonly [K in keyof UserDetails]?: string } = {};
  const pairs: [keyof UserDetails, string][] = [
    ['title', 'title'],
    ['department', 'department'],
    ['phoneWork', 'phone-work'],
    ['phoneMobile', 'phone-mobile'],
    ['phoneHome', 'phone-home'],
    ['phoneOther', 'phone-other'],
    ['phoneFax', 'phone-fax'],
  ];
  for (const [key, flag] of pairs) {
    const value = str(f, flag);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export const USER_COMMANDS: readonly Command[] = [
  {
    noun: 'user',
    verb: 'create',
    usage:
      'user create --username U --password P [--admin] [--access-key K] [--email E] [--last-name L] [--role R] [--title T] [--department D] [--phone-work P] [--phone-mobile P]',
    run: async (args, { config }) => {
      const f = flags(
        args,
        {
          username: { type: 'string' },
          password: { type: 'string' },
          admin: { type: 'boolean' },
          'access-key': { type: 'string' },
          email: { type: 'string' },
          'last-name': { type: 'string' },
          role: { type: 'string' },
          ...DETAIL_FLAGS,
        },
        ['username', 'password'],
      );
      return withStore(config, async (store) => {
        const roleName = str(f, 'role');
        const role = roleName === undefined ? null : await roleNamed(store, roleName);
        const user = await store.users.create({
          ...(role ? { roleId: role.id } : {}),
          details: detailsFrom(f),
          userName: str(f, 'username') as string,
          password: str(f, 'password') as string,
          isAdmin: f.admin === true,
          ...(str(f, 'access-key') ? { accessKey: str(f, 'access-key') } : {}),
          email: str(f, 'email') ?? null,
          ...(str(f, 'last-name') ? { lastName: str(f, 'last-name') } : {}),
        });
        return { id: String(user.id), username: user.userName, accessKey: user.accessKey };
      });
    },
  },
  {
    noun: 'user',
    verb: 'list',
    usage: 'user list',
    run: async (args, { config }) => {
      flags(args, {});
      return withStore(config, async (store) => {
        const roles = new Map((await store.roles.listRoles()).map((r) => [r.id, r.name]));
        return (await store.users.list()).map((u) => summary(u, roles));
      });
    },
  },
  {
    noun: 'user',
    verb: 'reset-password',
    usage: 'user reset-password --username U --password P',
    run: async (args, { config }) => {
      const f = flags(args, { username: { type: 'string' }, password: { type: 'string' } }, [
        'username',
        'password',
      ]);
      return withStore(config, async (store) => {
        const user = await userByName(store, str(f, 'username') as string);
        await store.users.setPassword(user.id, str(f, 'password') as string);
        return { id: String(user.id), username: user.userName, passwordReset: true };
      });
    },
  },
  {
    noun: 'user',
    verb: 'regenerate-access-key',
    usage: 'user regenerate-access-key --username U',
    run: async (args, { config }) => {
      const f = flags(args, { username: { type: 'string' } }, ['username']);
      return withStore(config, async (store) => {
        const user = await userByName(store, str(f, 'username') as string);
        return {
          id: String(user.id),
          username: user.userName,
          accessKey: await store.users.regenerateAccessKey(user.id),
        };
      });
    },
  },
  {
    noun: 'user',
    verb: 'set-role',
    usage: 'user set-role --username U --role R',
    run: async (args, { config }) => {
      const f = flags(args, { username: { type: 'string' }, role: { type: 'string' } }, [
        'username',
        'role',
      ]);
      return withStore(config, async (store) => {
        const user = await userByName(store, str(f, 'username') as string);
        const role = await roleNamed(store, str(f, 'role') as string);
        await store.roles.setUserRole(user.id, role.id);
        return { id: String(user.id), username: user.userName, role: role.name };
      });
    },
  },
  {
    noun: 'user',
    verb: 'set-details',
    usage:
      'user set-details --username U [--title T] [--department D] [--phone-work P] [--phone-mobile P] [--phone-home P] [--phone-other P] [--phone-fax P]',
    run: async (args, { config }) => {
      const f = flags(args, { username: { type: 'string' }, ...DETAIL_FLAGS }, ['username']);
      return withStore(config, async (store) => {
        const user = await userByName(store, str(f, 'username') as string);
        const updated = await store.users.update(user.id, { details: detailsFrom(f) });
        return { id: String(updated.id), username: updated.userName, ...updated.details };
      });
    },
  },
];

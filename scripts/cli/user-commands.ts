import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { User } from '../../store/types.js';
import { flags, str } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

async function userByName(store: Store, userName: string): Promise<User> {
  const user = await store.users.findByUserName(userName);
  if (!user) throw new GatewayError('not_found', `User ${userName} does not exist`);
  return user;
}

function summary(user: User): Record<string, unknown> {
  return {
    id: String(user.id),
    username: user.userName,
    isAdmin: user.isAdmin,
    status: user.status,
    email: user.email,
  };
}

export const USER_COMMANDS: readonly Command[] = [
  {
    noun: 'user',
    verb: 'create',
    usage:
      'user create --username U --password P [--admin] [--access-key K] [--email E] [--last-name L]',
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
        },
        ['username', 'password'],
      );
      return withStore(config, async (store) => {
        const user = await store.users.create({
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
      return withStore(config, async (store) => (await store.users.list()).map(summary));
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
];

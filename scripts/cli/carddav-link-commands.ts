// `carddav-link create|list|test|sync|delete`: linking a CRM user's contacts with a remote
// address book from the command line, with the flags and JSON of `caldav-link`
// (caldav-link-commands.ts). `sync` runs one sync in this process and prints its counts.
import { CarddavBridge } from '../../gateway/carddav-bridge/service.js';
import type { GatewayConfig } from '../../gateway/config.js';
import type { CarddavLink } from '../../store/carddav-links/link-repository.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { flags, str, UsageError } from './args.js';
import { linkId, readSecrets } from './caldav-link-commands.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

function withBridge<T>(
  config: GatewayConfig,
  fn: (bridge: CarddavBridge, store: Store) => Promise<T>,
): Promise<T> {
  return withStore(config, (store) => fn(new CarddavBridge(store, config), store));
}

/** A link for display: never its secrets. */
export function cardLinkView(link: CarddavLink): Record<string, unknown> {
  return {
    id: link.id,
    userId: link.userId,
    kind: link.kind,
    url: link.url,
    username: link.username,
    tokenUrl: link.tokenUrl,
    clientId: link.clientId,
    direction: link.direction,
    groupId: link.groupId,
    addressBookUrl: link.bookUrl,
    active: link.active,
    firstSyncDone: link.firstSyncDone,
    lastSyncAt: link.lastSyncAt,
    lastError: link.lastError,
    failures: link.failures,
    nextAttemptAt: link.nextAttemptAt,
    lastCounts: link.lastCounts,
  };
}

const CREATE_FLAGS = {
  user: { type: 'string' },
  kind: { type: 'string' },
  email: { type: 'string' },
  'token-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'client-secret-file': { type: 'string' },
  'refresh-token': { type: 'string' },
  'refresh-token-file': { type: 'string' },
  url: { type: 'string' },
  'book-url': { type: 'string' },
  username: { type: 'string' },
  'remote-user': { type: 'string' },
  password: { type: 'string' },
  'password-file': { type: 'string' },
  direction: { type: 'string' },
  group: { type: 'string' },
} as const;

const idOf = (args: readonly string[]): number =>
  linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));

export const CARDDAV_LINK_COMMANDS: readonly Command[] = [
  {
    noun: 'carddav-link',
    verb: 'create',
    usage:
      'carddav-link create --user U [--kind carddav] --url URL --username X --password Y [--book-url URL] | --kind google --email E --client-id C --client-secret S --refresh-token R [--url URL] [--token-url T]; [--direction both|to-remote|from-remote] [--group G]   (--group: the contacts of that group instead of those of the user; --remote-user X is the same as --username X; each secret also as --password-file F, --client-secret-file F, --refresh-token-file F, or "-" to read it from standard input)',
    run: async (args, { config }) => {
      const f = flags(args, CREATE_FLAGS, ['user']);
      const username = str(f, 'username');
      const remoteUser = str(f, 'remote-user');
      if (username !== undefined && remoteUser !== undefined && username !== remoteUser)
        throw new UsageError('--username and --remote-user name the same thing: give one');
      const secrets = await readSecrets(f);
      return withBridge(config, async (bridge, store) => {
        const name = str(f, 'user') as string;
        const user = await store.users.findByUserName(name);
        if (!user) throw new GatewayError('not_found', `User ${name} does not exist`);
        const groupName = str(f, 'group');
        const group =
          groupName === undefined
            ? undefined
            : (await store.groups.list()).find((g) => g.name === groupName);
        if (groupName !== undefined && !group)
          throw new GatewayError('not_found', `Group ${groupName} does not exist`);
        const link = await bridge.create({
          ...(group ? { groupId: group.id } : {}),
          userId: user.id,
          kind: str(f, 'kind'),
          accountEmail: str(f, 'email'),
          tokenUrl: str(f, 'token-url'),
          clientId: str(f, 'client-id'),
          clientSecret: secrets['client-secret'],
          refreshToken: secrets['refresh-token'],
          url: str(f, 'url'),
          bookUrl: str(f, 'book-url'),
          username: username ?? remoteUser,
          password: secrets.password,
          direction: str(f, 'direction'),
        });
        return cardLinkView(link);
      });
    },
  },
  {
    noun: 'carddav-link',
    verb: 'list',
    usage: 'carddav-link list [--user U]',
    run: async (args, { config }) => {
      const f = flags(args, { user: { type: 'string' } });
      return withBridge(config, async (bridge, store) => {
        const name = str(f, 'user');
        const user = name === undefined ? null : await store.users.findByUserName(name);
        if (name !== undefined && !user)
          throw new GatewayError('not_found', `User ${name} does not exist`);
        return (await bridge.links.list(user ? { userId: user.id } : {})).map(cardLinkView);
      });
    },
  },
  {
    noun: 'carddav-link',
    verb: 'test',
    usage: 'carddav-link test --id N   (discovers the address books behind the link URL)',
    run: async (args, { config }) => {
      const id = idOf(args);
      return withBridge(config, (bridge) => bridge.test(id));
    },
  },
  {
    noun: 'carddav-link',
    verb: 'sync',
    usage:
      'carddav-link sync --id N   (runs one sync now and prints its counts; exit code 1 with error "conflict" when another sync of the link is running)',
    run: async (args, { config }) => {
      const id = idOf(args);
      return withBridge(config, async (bridge) => {
        const outcome = await bridge.syncNow(id);
        if (outcome.busy)
          throw new GatewayError('conflict', outcome.error ?? `CardDAV link ${id} is busy`);
        return {
          id,
          ok: outcome.ok,
          error: outcome.error,
          exchangeId: outcome.exchangeId,
          ...outcome.counts,
        };
      });
    },
  },
  {
    noun: 'carddav-link',
    verb: 'delete',
    usage: 'carddav-link delete --id N   (removes the link; CRM contacts and remote cards stay)',
    run: async (args, { config }) => {
      const id = idOf(args);
      return withBridge(config, async (bridge) => {
        await bridge.remove(id);
        return { id, deleted: true };
      });
    },
  },
];

// `carddav-link create|list|test|sync|delete`: linking a CRM user's contacts with a remote
// address book from the command line, with the flags and JSON of `caldav-link`
// (caldav-link-commands.ts), whose verbs besides `create` are shared (link-common.ts). `sync` runs
// one sync in this process and prints its counts.
import { CarddavBridge } from '../../gateway/carddav-bridge/service.js';
import type { CarddavLink } from '../../store/carddav-links/link-repository.js';
import { GatewayError } from '../../store/errors.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import {
  COMMON_CREATE_FLAGS,
  linkCommands,
  linkStateView,
  readSecrets,
  userNamed,
  withLinkBridge,
  type LinkCommandSpec,
} from './link-common.js';

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
    ...linkStateView(link),
  };
}

const CREATE_FLAGS = {
  ...COMMON_CREATE_FLAGS,
  'book-url': { type: 'string' },
  'remote-user': { type: 'string' },
  direction: { type: 'string' },
  group: { type: 'string' },
} as const;

const SPEC: LinkCommandSpec<CarddavBridge, CarddavLink> = {
  noun: 'carddav-link',
  label: 'CardDAV link',
  bridge: (store, config) => new CarddavBridge(store, config),
  view: cardLinkView,
  testFinds: 'discovers the address books behind the link URL',
  deleteKeeps: 'CRM contacts and remote cards',
};

export const CARDDAV_LINK_COMMANDS: readonly Command[] = [
  {
    noun: 'carddav-link',
    verb: 'create',
    usage:
      'carddav-link create --user U [--kind carddav] --url URL --username X --password Y [--book-url URL] | --kind google --email E --client-id C --client-secret S [--refresh-token R] [--url URL] [--token-url T]; [--direction both|to-remote|from-remote] [--group G]   (--group: the contacts of that group instead of those of the user; a Google link without --refresh-token is authorised from the console; --remote-user X is the same as --username X; each secret also as --password-file F, --client-secret-file F, --refresh-token-file F, or "-" to read it from standard input)',
    run: async (args, { config }) => {
      const f = flags(args, CREATE_FLAGS, ['user']);
      const username = str(f, 'username');
      const remoteUser = str(f, 'remote-user');
      if (username !== undefined && remoteUser !== undefined && username !== remoteUser)
        throw new UsageError('--username and --remote-user name the same thing: give one');
      const secrets = await readSecrets(f);
      return withLinkBridge(SPEC, config, async (bridge, store) => {
        const user = await userNamed(store, str(f, 'user') as string);
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
  ...linkCommands(SPEC),
];

// `caldav-link create|list|test|sync|delete`: linking a CRM user's activities with an
// online calendar from the command line, as the console does. `sync` runs one sync in this process
// and prints its counts; a running server sees the new link and its state through the store. The
// verbs besides `create` and the secret flags are shared with `carddav-link` (link-common.ts).
import { CaldavBridge } from '../../gateway/caldav-bridge/service.js';
import type { CaldavLink } from '../../store/caldav-links/link-types.js';
import { flags, str } from './args.js';
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
export function linkView(link: CaldavLink): Record<string, unknown> {
  return {
    id: link.id,
    userId: link.userId,
    kind: link.kind,
    url: link.url,
    username: link.username,
    accountEmail: link.accountEmail,
    tokenUrl: link.tokenUrl,
    clientId: link.clientId,
    calendarUrl: link.calendarUrl,
    ...linkStateView(link),
  };
}

const SPEC: LinkCommandSpec<CaldavBridge, CaldavLink> = {
  noun: 'caldav-link',
  label: 'CalDAV link',
  bridge: (store, config) => new CaldavBridge(store, config),
  view: linkView,
  testFinds: 'discovers principal, calendar home and calendars',
  deleteKeeps: 'CRM records and remote events',
};

const CREATE_FLAGS = {
  ...COMMON_CREATE_FLAGS,
  'calendar-url': { type: 'string' },
  'auth-url': { type: 'string' },
  scopes: { type: 'string' },
} as const;

export const CALDAV_LINK_COMMANDS: readonly Command[] = [
  {
    noun: 'caldav-link',
    verb: 'create',
    usage:
      'caldav-link create --user U [--kind caldav] --url URL --username X --password Y [--calendar-url URL] | --kind oauth --url URL --auth-url A --token-url T --client-id C --client-secret S [--scopes S] --refresh-token R | --kind google --email E --client-id C --client-secret S --refresh-token R   (each secret also as --password-file F, --client-secret-file F, --refresh-token-file F, or "-" to read it from standard input)',
    run: async (args, { config }) => {
      const f = flags(args, CREATE_FLAGS, ['user']);
      const secrets = await readSecrets(f);
      const s = (name: keyof typeof CREATE_FLAGS): string | undefined => str(f, name);
      return withLinkBridge(SPEC, config, async (bridge, store) => {
        const user = await userNamed(store, s('user') as string);
        const link = await bridge.create({
          userId: user.id,
          kind: s('kind'),
          url: s('url'),
          calendarUrl: s('calendar-url'),
          username: s('username'),
          password: secrets.password,
          accountEmail: s('email'),
          authUrl: s('auth-url'),
          tokenUrl: s('token-url'),
          clientId: s('client-id'),
          clientSecret: secrets['client-secret'],
          scopes: s('scopes'),
          refreshToken: secrets['refresh-token'],
        });
        return linkView(link);
      });
    },
  },
  ...linkCommands(SPEC),
];

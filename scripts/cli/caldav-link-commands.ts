// `caldav-link create|list|test|sync|delete` (issue 8): linking a CRM user's activities with an
// online calendar from the command line, as the console does. `sync` runs one sync in this process
// and prints its counts; a running server sees the new link and its state through the store.
import { bridgeFor, type CaldavBridge } from '../../gateway/caldav-bridge/service.js';
import type { GatewayConfig } from '../../gateway/config.js';
import type { CaldavLink } from '../../store/caldav-links/link-types.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

function withBridge<T>(config: GatewayConfig, fn: (bridge: CaldavBridge, store: Store) => Promise<T>): Promise<T> {
  return withStore(config, (store) => fn(bridgeFor(store, config), store));
}

function linkId(value: string | undefined): number {
  if (value === undefined || !/^\d{1,9}$/.test(value)) throw new UsageError('--id: expected a link number');
  return Number(value);
}

/** A link for display: never its secrets. */
export function linkView(link: CaldavLink): Record<string, unknown> {
  return {
    id: link.id, userId: link.userId, kind: link.kind, url: link.url, username: link.username, accountEmail: link.accountEmail,
    tokenUrl: link.tokenUrl, clientId: link.clientId, calendarUrl: link.calendarUrl, active: link.active, firstSyncDone: link.firstSyncDone,
    lastSyncAt: link.lastSyncAt, lastError: link.lastError, failures: link.failures, nextAttemptAt: link.nextAttemptAt, lastCounts: link.lastCounts,
  };
}

const CREATE_FLAGS = {
  user: { type: 'string' }, kind: { type: 'string' }, url: { type: 'string' }, 'calendar-url': { type: 'string' }, username: { type: 'string' },
  password: { type: 'string' }, email: { type: 'string' }, 'auth-url': { type: 'string' }, 'token-url': { type: 'string' },
  'client-id': { type: 'string' }, 'client-secret': { type: 'string' }, scopes: { type: 'string' }, 'refresh-token': { type: 'string' },
} as const;

export const CALDAV_LINK_COMMANDS: readonly Command[] = [
  {
    noun: 'caldav-link', verb: 'create',
    usage: 'caldav-link create --user U [--kind caldav] --url URL --username X --password Y [--calendar-url URL] | --kind oauth --url URL --auth-url A --token-url T --client-id C --client-secret S [--scopes S] --refresh-token R | --kind google --email E --client-id C --client-secret S --refresh-token R',
    run: async (args, { config }) => {
      const f = flags(args, CREATE_FLAGS, ['user']);
      const s = (name: keyof typeof CREATE_FLAGS): string | undefined => str(f, name);
      return withBridge(config, async (bridge, store) => {
        const user = await store.users.findByUserName(s('user') as string);
        if (!user) throw new GatewayError('not_found', `User ${s('user')} does not exist`);
        const link = await bridge.create({
          userId: user.id, kind: s('kind'), url: s('url'), calendarUrl: s('calendar-url'), username: s('username'), password: s('password'),
          accountEmail: s('email'), authUrl: s('auth-url'), tokenUrl: s('token-url'), clientId: s('client-id'), clientSecret: s('client-secret'),
          scopes: s('scopes'), refreshToken: s('refresh-token'),
        });
        return linkView(link);
      });
    },
  },
  {
    noun: 'caldav-link', verb: 'list', usage: 'caldav-link list [--user U]',
    run: async (args, { config }) => {
      const f = flags(args, { user: { type: 'string' } });
      return withBridge(config, async (bridge, store) => {
        const name = str(f, 'user');
        const user = name === undefined ? null : await store.users.findByUserName(name);
        if (name !== undefined && !user) throw new GatewayError('not_found', `User ${name} does not exist`);
        return (await bridge.links.list(user ? { userId: user.id } : {})).map(linkView);
      });
    },
  },
  {
    noun: 'caldav-link', verb: 'test', usage: 'caldav-link test --id N   (discovers principal, calendar home and calendars)',
    run: async (args, { config }) => {
      const id = linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));
      return withBridge(config, (bridge) => bridge.test(id));
    },
  },
  {
    noun: 'caldav-link', verb: 'sync', usage: 'caldav-link sync --id N   (runs one sync now and prints its counts)',
    run: async (args, { config }) => {
      const id = linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));
      return withBridge(config, async (bridge) => {
        const outcome = await bridge.syncNow(id);
        return { id, ok: outcome.ok, error: outcome.error, exchangeId: outcome.exchangeId, ...outcome.counts };
      });
    },
  },
  {
    noun: 'caldav-link', verb: 'delete', usage: 'caldav-link delete --id N   (removes the link; CRM records and remote events stay)',
    run: async (args, { config }) => {
      const id = linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));
      return withBridge(config, async (bridge) => {
        await bridge.remove(id);
        return { id, deleted: true };
      });
    },
  },
];

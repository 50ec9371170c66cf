// `exchange-connection create|list|test|delete` and `exchange-link create|test|sync|list|delete`,
// spelled exactly as README "Exchange bridge" documents them (installers script them). Secrets stay
// off the command line when the admin wants: `--client-secret-file F`, `--client-secret -` (standard
// input, as the calendar-link commands read it), or `--certificate-file PEM` (certificate + key).
import { readFile } from 'node:fs/promises';
import type { GatewayConfig } from '../../gateway/config.js';
import { ExchangeBridge } from '../../gateway/exchange-bridge/service.js';
import { GatewayError } from '../../store/errors.js';
import type { ExchangeConnection } from '../../store/exchange/connection-repository.js';
import type { ExchangeLink } from '../../store/exchange/link-repository.js';
import type { Store } from '../../store/store.js';
import { flags, str, UsageError } from './args.js';
import { linkId, readSecrets } from './link-common.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

function withBridge<T>(
  config: GatewayConfig,
  fn: (bridge: ExchangeBridge, store: Store) => Promise<T>,
): Promise<T> {
  return withStore(config, (store) => fn(new ExchangeBridge(store, config), store));
}

/** A connection for display: never its secret. */
export const connectionView = (c: ExchangeConnection): Record<string, unknown> => ({ ...c });

export function exchangeLinkView(l: ExchangeLink): Record<string, unknown> {
  return {
    id: l.id,
    userId: l.userId,
    connectionId: l.connectionId,
    mailbox: l.mailbox,
    tasks: l.tasks,
    contacts: l.contacts,
    active: l.active,
    firstSyncDone: l.firstSyncDone,
    lastSyncAt: l.lastSyncAt,
    lastError: l.lastError,
    failures: l.failures,
    nextAttemptAt: l.nextAttemptAt,
    lastCounts: l.lastCounts,
    mode: 'polling',
  };
}

const idOf = (args: readonly string[]): number =>
  linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));

async function certificate(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--certificate-file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

const CONNECTION_FLAGS = {
  kind: { type: 'string' },
  name: { type: 'string' },
  'tenant-id': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'client-secret-file': { type: 'string' },
  'certificate-file': { type: 'string' },
  'graph-url': { type: 'string' },
  'login-url': { type: 'string' },
  url: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'password-file': { type: 'string' },
  auth: { type: 'string' },
  impersonation: { type: 'boolean' },
} as const;

const CONNECTION_COMMANDS: readonly Command[] = [
  {
    noun: 'exchange-connection',
    verb: 'create',
    usage:
      'exchange-connection create --kind graph --name N --tenant-id T --client-id C (--client-secret S | --client-secret-file F | --certificate-file PEM) [--graph-url URL] [--login-url URL]   (--client-secret - reads it from standard input)\n' +
      '  exchange-connection create --kind ews --name N --url URL --username U (--password P | --password-file F | --password -) --auth ntlm|basic [--impersonation]',
    run: async (args, { config }) => {
      const ews = str(flags(args, CONNECTION_FLAGS), 'kind') === 'ews';
      const f = flags(
        args,
        CONNECTION_FLAGS,
        // An ews connection's own fields are checked with its input (ews-input.ts), in words.
        ews ? ['kind', 'name'] : ['kind', 'name', 'tenant-id', 'client-id'],
      );
      const secrets = await readSecrets(f);
      if (ews)
        return withBridge(config, async (bridge) => ({
          id: (
            await bridge.createConnection({
              kind: 'ews',
              name: str(f, 'name'),
              url: str(f, 'url'),
              username: str(f, 'username'),
              password: secrets.password,
              auth: str(f, 'auth'),
              impersonation: f['impersonation'] === true,
            })
          ).id,
        }));
      const pem = await certificate(str(f, 'certificate-file'));
      return withBridge(config, async (bridge) => {
        const made = await bridge.createConnection({
          kind: str(f, 'kind'),
          name: str(f, 'name'),
          tenantId: str(f, 'tenant-id'),
          clientId: str(f, 'client-id'),
          clientSecret: secrets['client-secret'],
          certificatePem: pem,
          graphUrl: str(f, 'graph-url'),
          loginUrl: str(f, 'login-url'),
        });
        return connectionView(made);
      });
    },
  },
  {
    noun: 'exchange-connection',
    verb: 'list',
    usage: 'exchange-connection list',
    run: async (args, { config }) => {
      flags(args, {});
      return withBridge(config, async (bridge) =>
        (await bridge.connections.list()).map(connectionView),
      );
    },
  },
  {
    noun: 'exchange-connection',
    verb: 'test',
    usage: 'exchange-connection test --id N   (signs in with the app credentials)',
    run: async (args, { config }) => {
      const id = idOf(args);
      return withBridge(config, (bridge) => bridge.testConnection(id));
    },
  },
  {
    noun: 'exchange-connection',
    verb: 'delete',
    usage: 'exchange-connection delete --id N   (refused while links use it)',
    run: async (args, { config }) => {
      const id = idOf(args);
      return withBridge(config, async (bridge) => {
        await bridge.removeConnection(id);
        return { id, deleted: true };
      });
    },
  },
];

const LINK_FLAGS = {
  user: { type: 'string' },
  connection: { type: 'string' },
  mailbox: { type: 'string' },
  'no-tasks': { type: 'boolean' },
  'no-contacts': { type: 'boolean' },
} as const;

const LINK_COMMANDS: readonly Command[] = [
  {
    noun: 'exchange-link',
    verb: 'create',
    usage:
      'exchange-link create --user CRMUSER --connection ID --mailbox ADDRESS [--no-tasks] [--no-contacts]',
    run: async (args, { config }) => {
      const f = flags(args, LINK_FLAGS, ['user', 'connection', 'mailbox']);
      const connectionId = linkId(str(f, 'connection'));
      return withBridge(config, async (bridge, store) => {
        const name = str(f, 'user') as string;
        const user = await store.users.findByUserName(name);
        if (!user) throw new GatewayError('not_found', `User ${name} does not exist`);
        const link = await bridge.createLink({
          userId: user.id,
          connectionId,
          mailbox: str(f, 'mailbox'),
          tasks: f['no-tasks'] !== true,
          contacts: f['no-contacts'] !== true,
        });
        return exchangeLinkView(link);
      });
    },
  },
  {
    noun: 'exchange-link',
    verb: 'list',
    usage: 'exchange-link list',
    run: async (args, { config }) => {
      flags(args, {});
      return withBridge(config, async (bridge) =>
        (await bridge.links.list()).map(exchangeLinkView),
      );
    },
  },
  {
    noun: 'exchange-link',
    verb: 'test',
    usage:
      'exchange-link test --id N   (sign-in, mailbox, calendar, To Do, contacts; names missing permissions)',
    run: async (args, { config }) => {
      const id = idOf(args);
      return withBridge(config, (bridge) => bridge.testLink(id));
    },
  },
  {
    noun: 'exchange-link',
    verb: 'sync',
    usage:
      'exchange-link sync --id N   (runs one sync now and prints its counts; exit code 1 with error "conflict" when another sync of the link is running)',
    run: async (args, { config }) => {
      const id = idOf(args);
      return withBridge(config, async (bridge) => {
        const outcome = await bridge.syncNow(id);
        if (outcome.busy)
          throw new GatewayError('conflict', outcome.error ?? `Exchange link ${id} is busy`);
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
    noun: 'exchange-link',
    verb: 'delete',
    usage: 'exchange-link delete --id N   (removes the link; CRM events and mailbox items stay)',
    run: async (args, { config }) => {
      const id = idOf(args);
      return withBridge(config, async (bridge) => {
        await bridge.removeLink(id);
        return { id, deleted: true };
      });
    },
  },
];

export const EXCHANGE_COMMANDS: readonly Command[] = [...CONNECTION_COMMANDS, ...LINK_COMMANDS];

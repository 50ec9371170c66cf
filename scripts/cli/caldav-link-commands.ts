// `caldav-link create|list|test|sync|delete`: linking a CRM user's activities with an
// online calendar from the command line, as the console does. `sync` runs one sync in this process
// and prints its counts; a running server sees the new link and its state through the store.
import { CaldavBridge } from '../../gateway/caldav-bridge/service.js';
import type { GatewayConfig } from '../../gateway/config.js';
import type { CaldavLink } from '../../store/caldav-links/link-types.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { readFile } from 'node:fs/promises';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

function withBridge<T>(
  config: GatewayConfig,
  fn: (bridge: CaldavBridge, store: Store) => Promise<T>,
): Promise<T> {
  return withStore(config, (store) => fn(new CaldavBridge(store, config), store));
}

export function linkId(value: string | undefined): number {
  if (value === undefined || !/^\d{1,9}$/.test(value))
    throw new UsageError('--id: expected a link number');
  return Number(value);
}

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
    active: link.active,
    firstSyncDone: link.firstSyncDone,
    lastSyncAt: link.lastSyncAt,
    lastError: link.lastError,
    failures: link.failures,
    nextAttemptAt: link.nextAttemptAt,
    lastCounts: link.lastCounts,
  };
}

// Secrets for `create` stay off the command line, where the process list shows them to every local
// user: `--password-file F` reads a file, `--password -` reads standard input (one flag at most); a
// single trailing newline is dropped, as `echo` and editors add one.
const MAX_SECRET_BYTES = 64 * 1024;

/** The secret flags of `create` and their `-file` twins. */
const SECRET_FLAGS = ['password', 'client-secret', 'refresh-token'] as const;
type SecretFlag = (typeof SECRET_FLAGS)[number];

function trimmed(text: string, from: string): string {
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new UsageError(`${from}: empty secret`);
  if (Buffer.byteLength(value) > MAX_SECRET_BYTES)
    throw new UsageError(`${from}: a secret is at most ${MAX_SECRET_BYTES} bytes`);
  return value;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_SECRET_BYTES + 2)
      throw new UsageError(`standard input: a secret is at most ${MAX_SECRET_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves `--X value`, `--X -` (stdin) and `--X-file F` for every secret flag. */
export async function readSecrets(
  f: Record<string, string | boolean | undefined>,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<Partial<Record<SecretFlag, string>>> {
  const out: Partial<Record<SecretFlag, string>> = {};
  const fromStdin = SECRET_FLAGS.filter((name) => str(f, name) === '-');
  if (fromStdin.length > 1)
    throw new UsageError(
      `only one secret can come from standard input (--${fromStdin.join(' -, --')} -)`,
    );
  for (const name of SECRET_FLAGS) {
    const value = str(f, name);
    const file = str(f, `${name}-file`);
    if (value !== undefined && file !== undefined)
      throw new UsageError(`--${name} and --${name}-file exclude each other`);
    if (file !== undefined) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new UsageError(
          `--${name}-file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        );
      }
      out[name] = trimmed(text, `--${name}-file ${file}`);
    } else if (value === '-') {
      out[name] = trimmed(await readStdin(stdin), `--${name} -`);
    } else if (value !== undefined) {
      out[name] = value;
    }
  }
  return out;
}

const CREATE_FLAGS = {
  user: { type: 'string' },
  kind: { type: 'string' },
  url: { type: 'string' },
  'calendar-url': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  email: { type: 'string' },
  'auth-url': { type: 'string' },
  'token-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  scopes: { type: 'string' },
  'refresh-token': { type: 'string' },
  'password-file': { type: 'string' },
  'client-secret-file': { type: 'string' },
  'refresh-token-file': { type: 'string' },
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
      return withBridge(config, async (bridge, store) => {
        const user = await store.users.findByUserName(s('user') as string);
        if (!user) throw new GatewayError('not_found', `User ${s('user')} does not exist`);
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
  {
    noun: 'caldav-link',
    verb: 'list',
    usage: 'caldav-link list [--user U]',
    run: async (args, { config }) => {
      const f = flags(args, { user: { type: 'string' } });
      return withBridge(config, async (bridge, store) => {
        const name = str(f, 'user');
        const user = name === undefined ? null : await store.users.findByUserName(name);
        if (name !== undefined && !user)
          throw new GatewayError('not_found', `User ${name} does not exist`);
        return (await bridge.links.list(user ? { userId: user.id } : {})).map(linkView);
      });
    },
  },
  {
    noun: 'caldav-link',
    verb: 'test',
    usage: 'caldav-link test --id N   (discovers principal, calendar home and calendars)',
    run: async (args, { config }) => {
      const id = linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));
      return withBridge(config, (bridge) => bridge.test(id));
    },
  },
  {
    noun: 'caldav-link',
    verb: 'sync',
    usage:
      'caldav-link sync --id N   (runs one sync now and prints its counts; exit code 1 with error "conflict" when another sync of the link is running)',
    run: async (args, { config }) => {
      const id = linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));
      return withBridge(config, async (bridge) => {
        const outcome = await bridge.syncNow(id);
        if (outcome.busy)
          throw new GatewayError('conflict', outcome.error ?? `CalDAV link ${id} is busy`);
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
    noun: 'caldav-link',
    verb: 'delete',
    usage: 'caldav-link delete --id N   (removes the link; CRM records and remote events stay)',
    run: async (args, { config }) => {
      const id = linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));
      return withBridge(config, async (bridge) => {
        await bridge.remove(id);
        return { id, deleted: true };
      });
    },
  },
];

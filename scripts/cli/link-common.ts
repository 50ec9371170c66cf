// What `caldav-link` and `carddav-link` share: the link number, the user named by `--user`,
// secrets read off the command line, and the list, test, sync and delete verbs, which differ only
// in the bridge, the link's view and their words.
import { readFile } from 'node:fs/promises';
import type { GatewayConfig } from '../../gateway/config.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { RunOutcome } from '../../sync/engine.js';
import type { LinkState } from '../../store/bridges/types.js';
import type { User } from '../../store/types.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

export function linkId(value: string | undefined): number {
  if (value === undefined || !/^\d{1,9}$/.test(value))
    throw new UsageError('--id: expected a link number');
  return Number(value);
}

/** The CRM user `--user` names; not_found when there is none. */
export async function userNamed(store: Store, name: string): Promise<User> {
  const user = await store.users.findByUserName(name);
  if (!user) throw new GatewayError('not_found', `User ${name} does not exist`);
  return user;
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

/** The flags of `create` both kinds of link take; each adds its own. */
export const COMMON_CREATE_FLAGS = {
  user: { type: 'string' },
  kind: { type: 'string' },
  url: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'password-file': { type: 'string' },
  email: { type: 'string' },
  'token-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'client-secret-file': { type: 'string' },
  'refresh-token': { type: 'string' },
  'refresh-token-file': { type: 'string' },
} as const;

/** What every link shows of its health: never its secrets. */
export function linkStateView(link: LinkState): Record<string, unknown> {
  return {
    active: link.active,
    firstSyncDone: link.firstSyncDone,
    lastSyncAt: link.lastSyncAt,
    lastError: link.lastError,
    failures: link.failures,
    nextAttemptAt: link.nextAttemptAt,
    lastCounts: link.lastCounts,
  };
}

/** A bridge as the shared verbs use it. */
export interface LinkBridge<L> {
  readonly links: { list(filter: { userId?: number }): Promise<L[]> };
  test(id: number): Promise<unknown>;
  syncNow(id: number): Promise<RunOutcome>;
  remove(id: number): Promise<void>;
}

export interface LinkCommandSpec<B extends LinkBridge<L>, L> {
  readonly noun: string;
  /** How messages name a link ("CalDAV link"). */
  readonly label: string;
  readonly bridge: (store: Store, config: GatewayConfig) => B;
  /** A link for display: never its secrets. */
  readonly view: (link: L) => Record<string, unknown>;
  /** What `test` finds, in its usage line. */
  readonly testFinds: string;
  /** What stays after `delete`, in its usage line. */
  readonly deleteKeeps: string;
}

export function withLinkBridge<B extends LinkBridge<L>, L, T>(
  spec: LinkCommandSpec<B, L>,
  config: GatewayConfig,
  fn: (bridge: B, store: Store) => Promise<T>,
): Promise<T> {
  return withStore(config, (store) => fn(spec.bridge(store, config), store));
}

const idOf = (args: readonly string[]): number =>
  linkId(str(flags(args, { id: { type: 'string' } }, ['id']), 'id'));

/** list, test, sync and delete of one kind of link. */
export function linkCommands<B extends LinkBridge<L>, L>(spec: LinkCommandSpec<B, L>): Command[] {
  const { noun } = spec;
  return [
    {
      noun,
      verb: 'list',
      usage: `${noun} list [--user U]`,
      run: async (args, { config }) => {
        const f = flags(args, { user: { type: 'string' } });
        return withLinkBridge(spec, config, async (bridge, store) => {
          const name = str(f, 'user');
          const user = name === undefined ? null : await userNamed(store, name);
          return (await bridge.links.list(user ? { userId: user.id } : {})).map(spec.view);
        });
      },
    },
    {
      noun,
      verb: 'test',
      usage: `${noun} test --id N   (${spec.testFinds})`,
      run: async (args, { config }) => {
        const id = idOf(args);
        return withLinkBridge(spec, config, (bridge) => bridge.test(id));
      },
    },
    {
      noun,
      verb: 'sync',
      usage: `${noun} sync --id N   (runs one sync now and prints its counts; exit code 1 with error "conflict" when another sync of the link is running)`,
      run: async (args, { config }) => {
        const id = idOf(args);
        return withLinkBridge(spec, config, async (bridge) => {
          const outcome = await bridge.syncNow(id);
          if (outcome.busy)
            throw new GatewayError('conflict', outcome.error ?? `${spec.label} ${id} is busy`);
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
      noun,
      verb: 'delete',
      usage: `${noun} delete --id N   (removes the link; ${spec.deleteKeeps} stay)`,
      run: async (args, { config }) => {
        const id = idOf(args);
        return withLinkBridge(spec, config, async (bridge) => {
          await bridge.remove(id);
          return { id, deleted: true };
        });
      },
    },
  ];
}

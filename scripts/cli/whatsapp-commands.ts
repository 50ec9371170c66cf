// `whatsapp configure|show|test|templates|send` (gateway/whatsapp/README.md §1): the channel
// settings and the sends the console offers, from the command line. The access token and the app
// secret stay off the command line when given as `--token-file F` / `--app-secret-file F` or
// `--token -` (standard input), as for calendar links (scripts/cli/caldav-link-commands.ts).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFile } from 'node:fs/promises';
import type { GatewayConfig } from '../../gateway/config.js';
import { WhatsAppService } from '../../gateway/whatsapp/service.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { Owner } from '../../store/types.js';
import type { WhatsAppChannel } from '../../store/whatsapp/types.js';
import { UsageError } from './args.js';
import { fileContent } from './whatsapp-file.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parse(args: readonly string[], options: ParseArgsConfig['options']): Values {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false })
      .values as Values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const text = (v: Values, name: string): string | undefined =>
  typeof v[name] === 'string' ? (v[name] as string) : undefined;

function required(v: Values, name: string): string {
  const value = text(v, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function channelId(v: Values, needed: boolean): number | undefined {
  const value = text(v, 'id');
  if (value === undefined) {
    if (needed) throw new UsageError('--id is required');
    return undefined;
  }
  if (!/^\d{1,9}$/.test(value)) throw new UsageError('--id: expected a channel number');
  return Number(value);
}

const MAX_SECRET_BYTES = 64 * 1024;

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

/** `--X value`, `--X -` (standard input) or `--X-file F`, exactly one; one trailing newline dropped. */
async function secret(v: Values, name: string, stdin: NodeJS.ReadableStream): Promise<string> {
  const value = text(v, name);
  const file = text(v, `${name}-file`);
  if (value !== undefined && file !== undefined)
    throw new UsageError(`--${name} and --${name}-file exclude each other`);
  let raw: string;
  if (file !== undefined) {
    try {
      raw = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(
        `--${name}-file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  } else if (value === '-') raw = await readStdin(stdin);
  else if (value !== undefined) raw = value;
  else throw new UsageError(`--${name} or --${name}-file is required`);
  const out = raw.replace(/\r?\n$/, '');
  if (out === '') throw new UsageError(`--${name}: empty secret`);
  if (Buffer.byteLength(out) > MAX_SECRET_BYTES)
    throw new UsageError(`--${name}: a secret is at most ${MAX_SECRET_BYTES} bytes`);
  return out;
}

function bool(v: Values, name: string, fallback: boolean): boolean {
  const value = text(v, name);
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw new UsageError(`--${name}: true or false`);
  return value === 'true';
}

/** A CRM user name, else a group name: the owner of what the channel creates. */
async function owner(store: Store, name: string): Promise<Owner> {
  const user = await store.users.findByUserName(name);
  if (user) return { kind: 'user', id: user.id };
  const group = (await store.groups.list()).find((g) => g.name === name);
  if (group) return { kind: 'group', id: group.id };
  throw new GatewayError('not_found', `No user or group is named ${name}`);
}

/** A channel for display: never its token nor its app secret. */
export function channelView(c: WhatsAppChannel): Record<string, unknown> {
  return {
    id: c.id,
    phoneNumberId: c.phoneNumberId,
    wabaId: c.wabaId,
    owner: c.owner,
    graphUrl: c.graphUrl,
    apiVersion: c.apiVersion,
    tickets: c.tickets,
    dialPrefix: c.dialPrefix,
    matchDays: c.matchDays,
    paused: c.paused,
    lastError: c.lastError,
  };
}

const withService = <T>(
  config: GatewayConfig,
  fn: (service: WhatsAppService, store: Store) => Promise<T>,
): Promise<T> => withStore(config, (store) => fn(new WhatsAppService(store, config), store));

const CONFIGURE_FLAGS = {
  'phone-number-id': { type: 'string' },
  'waba-id': { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'app-secret': { type: 'string' },
  'app-secret-file': { type: 'string' },
  'verify-token': { type: 'string' },
  owner: { type: 'string' },
  'graph-url': { type: 'string' },
  'api-version': { type: 'string' },
  tickets: { type: 'string' },
  'dial-prefix': { type: 'string' },
  'match-days': { type: 'string' },
} as const;

const ID_PATTERN = /^\d{1,40}$/;

export function whatsappCommands(stdin: NodeJS.ReadableStream = process.stdin): Command[] {
  return [
    {
      noun: 'whatsapp',
      verb: 'configure',
      usage:
        'whatsapp configure --phone-number-id ID --waba-id ID (--token T | --token-file F | --token -) (--app-secret S | --app-secret-file F) --verify-token V --owner CRMUSER [--graph-url https://graph.facebook.com] [--api-version v23.0] [--tickets true|false] [--dial-prefix +|00] [--match-days N]',
      run: async (args, { config }) => {
        const v = parse(args, CONFIGURE_FLAGS);
        const phoneNumberId = required(v, 'phone-number-id');
        const wabaId = required(v, 'waba-id');
        if (!ID_PATTERN.test(phoneNumberId) || !ID_PATTERN.test(wabaId))
          throw new UsageError('--phone-number-id and --waba-id are numeric ids');
        const verifyToken = required(v, 'verify-token');
        const ownerName = required(v, 'owner');
        const graphUrl = text(v, 'graph-url') ?? 'https://graph.facebook.com';
        if (!URL.canParse(graphUrl) || !/^https?:$/.test(new URL(graphUrl).protocol))
          throw new UsageError('--graph-url: an http(s) URL');
        const apiVersion = text(v, 'api-version') ?? 'v23.0';
        if (!/^v\d{1,3}\.\d{1,3}$/.test(apiVersion))
          throw new UsageError('--api-version: like v23.0');
        const dialPrefix = text(v, 'dial-prefix') ?? '+';
        if (dialPrefix !== '+' && dialPrefix !== '00')
          throw new UsageError('--dial-prefix: + or 00');
        const matchDays = text(v, 'match-days') ?? '30';
        if (!/^\d{1,4}$/.test(matchDays)) throw new UsageError('--match-days: a number of days');
        if (text(v, 'token') === '-' && text(v, 'app-secret') === '-')
          throw new UsageError('only one secret can come from standard input');
        const token = await secret(v, 'token', stdin);
        const appSecret = await secret(v, 'app-secret', stdin);
        return withService(config, async (service, store) => {
          const channel = await service.configure({
            phoneNumberId,
            wabaId,
            token,
            appSecret,
            verifyToken,
            owner: await owner(store, ownerName),
            graphUrl,
            apiVersion,
            tickets: bool(v, 'tickets', true),
            dialPrefix,
            matchDays: Number(matchDays),
          });
          return { id: channel.id };
        });
      },
    },
    {
      noun: 'whatsapp',
      verb: 'show',
      usage: 'whatsapp show [--id N]',
      run: async (args, { config }) => {
        const id = channelId(parse(args, { id: { type: 'string' } }), false);
        return withService(config, async (service) => {
          if (id !== undefined) return channelView(await service.channels.require(id));
          return (await service.channels.list()).map(channelView);
        });
      },
    },
    {
      noun: 'whatsapp',
      verb: 'test',
      usage: 'whatsapp test [--id N]   (reads the business phone number from the Cloud API)',
      run: async (args, { config }) => {
        const id = channelId(parse(args, { id: { type: 'string' } }), false);
        return withService(config, async (service) =>
          service.test((await service.channelFor(id)).id),
        );
      },
    },
    {
      noun: 'whatsapp',
      verb: 'templates',
      usage: 'whatsapp templates --id N   (synchronises the message templates now)',
      run: async (args, { config }) => {
        const id = channelId(parse(args, { id: { type: 'string' } }), true) as number;
        return withService(config, async (service) => ({
          id,
          templates: await service.syncTemplates(id),
        }));
      },
    },
    {
      noun: 'whatsapp',
      verb: 'send',
      usage:
        'whatsapp send --id N --to NUMBER (--text "…" | --template NAME --language en [--param X]… | --file PATH [--mime TYPE] [--caption "…"])',
      run: async (args, { config }) => {
        const v = parse(args, {
          id: { type: 'string' },
          to: { type: 'string' },
          text: { type: 'string' },
          template: { type: 'string' },
          language: { type: 'string' },
          param: { type: 'string', multiple: true },
          file: { type: 'string' },
          mime: { type: 'string' },
          caption: { type: 'string' },
        });
        const id = channelId(v, true) as number;
        const to = required(v, 'to');
        const body = text(v, 'text');
        const template = text(v, 'template');
        const file = text(v, 'file');
        if ([body, template, file].filter((x) => x !== undefined).length !== 1)
          throw new UsageError('give --text, --template or --file, one of them');
        const media = file === undefined ? null : await fileContent(file, text(v, 'mime'));
        const params = Array.isArray(v['param'])
          ? v['param'].filter((p): p is string => typeof p === 'string')
          : [];
        return withService(config, async (service) => {
          const message = await service.send({
            channelId: id,
            to,
            content: media
              ? { kind: 'media', ...media, caption: text(v, 'caption') ?? null }
              : template !== undefined
                ? { kind: 'template', name: template, language: required(v, 'language'), params }
                : { kind: 'text', text: body ?? '' },
          });
          return {
            id: message.id,
            wamid: message.wamid,
            status: message.status,
            error: message.errorTitle,
          };
        });
      },
    },
  ];
}

export const WHATSAPP_COMMANDS: readonly Command[] = whatsappCommands();

// `npm run -s gateway -- webform <verb>`: everything the console's webform builder
// does, for installers and tests. `create` prints the public id, the intake URL and the embed.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { GatewayConfig } from '../../gateway/config.js';
import { createWebformService, webformsBaseUrl } from '../../gateway/webforms/setup.js';
import type { WebformService } from '../../gateway/webforms/service.js';
import { GatewayError } from '../../store/errors.js';
import { findField, getModule } from '../../store/modules/registry.js';
import type { Store } from '../../store/store.js';
import type { Owner } from '../../store/types.js';
import {
  isWebformModule,
  type DedupeMode,
  type Webform,
  type WebformField,
} from '../../store/webforms/types.js';
import { UsageError } from './args.js';
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
const list = (v: Values, name: string): string[] =>
  Array.isArray(v[name])
    ? (v[name] as unknown[]).filter((x): x is string => typeof x === 'string')
    : [];

function count(v: Values, name: string, fallback: number): number {
  const value = text(v, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--${name} expects a whole number`);
  return Number(value);
}

/** `NAME[:required][=OVERRIDE]`: the override may contain anything after the first `=`. */
export function parseFieldSpec(module: string, spec: string): WebformField {
  const eq = spec.indexOf('=');
  const head = eq === -1 ? spec : spec.slice(0, eq);
  const [name = '', flag] = head.split(':');
  if (flag !== undefined && flag !== 'required')
    throw new UsageError(`--field ${spec}: expected NAME[:required][=OVERRIDE]`);
  const def = findField(getModule(module), name);
  return {
    name,
    label: def?.label ?? name,
    required: flag === 'required',
    override: eq === -1 ? null : spec.slice(eq + 1),
  };
}

async function owner(
  store: Store,
  config: GatewayConfig,
  v: Values,
): Promise<{ owner: Owner; creatorId: number }> {
  const admin = await store.users.findByUserName(config.adminUser);
  const userName = text(v, 'assigned-user');
  const groupName = text(v, 'assigned-group');
  if (userName && groupName)
    throw new UsageError('give --assigned-user or --assigned-group, not both');
  if (groupName) {
    const group = (await store.groups.list()).find((g) => g.name === groupName);
    if (!group) throw new GatewayError('not_found', `Group ${groupName} does not exist`);
    if (!admin)
      throw new GatewayError('not_found', `The administrator ${config.adminUser} does not exist`);
    return { owner: { kind: 'group', id: group.id }, creatorId: admin.id };
  }
  const user = userName ? await store.users.findByUserName(userName) : admin;
  if (!user)
    throw new GatewayError('not_found', `User ${userName ?? config.adminUser} does not exist`);
  return { owner: { kind: 'user', id: user.id }, creatorId: user.id };
}

function baseUrl(config: GatewayConfig): string {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return webformsBaseUrl(config, `http://${host}:${config.port}`);
}

async function present(
  service: WebformService,
  config: GatewayConfig,
  form: Webform,
  withHtml: boolean,
): Promise<Record<string, unknown>> {
  const base = baseUrl(config);
  return {
    id: String(form.id),
    publicId: form.publicId,
    name: form.name,
    module: form.module,
    active: form.active,
    url: `${base}/webforms/${form.publicId}`,
    ...(withHtml ? { html: await service.html(form, base) } : {}),
  };
}

async function withService<T>(
  config: GatewayConfig,
  fn: (service: WebformService, store: Store) => Promise<T>,
): Promise<T> {
  return withStore(config, async (store) => fn(await createWebformService(config, store), store));
}

const CREATE_OPTIONS = {
  name: { type: 'string' },
  module: { type: 'string' },
  field: { type: 'string', multiple: true },
  'assigned-user': { type: 'string' },
  'assigned-group': { type: 'string' },
  'return-url': { type: 'string' },
  origin: { type: 'string', multiple: true },
  captcha: { type: 'boolean' },
  files: { type: 'boolean' },
  'daily-cap': { type: 'string' },
  'ip-limit': { type: 'string' },
  'form-limit': { type: 'string' },
  'min-fill-seconds': { type: 'string' },
  dedupe: { type: 'string' },
} as const;

async function create(args: readonly string[], config: GatewayConfig): Promise<unknown> {
  const v = parse(args, CREATE_OPTIONS);
  const name = text(v, 'name');
  const module = text(v, 'module') ?? '';
  if (!name) throw new UsageError('--name is required');
  if (!isWebformModule(module))
    throw new UsageError('--module must be Leads, Contacts, Accounts, HelpDesk or Potentials');
  const fields = list(v, 'field').map((spec) => parseFieldSpec(module, spec));
  if (fields.length === 0)
    throw new UsageError('give at least one --field NAME[:required][=OVERRIDE]');
  return withService(config, async (service, store) => {
    const who = await owner(store, config, v);
    const d = service.options.defaults;
    const form = await service.forms.create(
      {
        name,
        module,
        owner: who.owner,
        returnUrl: text(v, 'return-url') ?? null,
        allowedOrigins: list(v, 'origin'),
        captcha: v.captcha === true,
        allowFiles: v.files === true,
        dailyCap: count(v, 'daily-cap', d.dailyCap),
        ipLimit: count(v, 'ip-limit', d.ipLimit),
        formLimit: count(v, 'form-limit', d.formLimit),
        minFillSeconds: count(v, 'min-fill-seconds', 3),
        dedupe: (text(v, 'dedupe') ?? 'none') as DedupeMode,
        active: true,
        fields,
      },
      who.creatorId,
    );
    return present(service, config, form, true);
  });
}

async function byId(service: WebformService, v: Values): Promise<Webform> {
  const id = text(v, 'id');
  const form =
    id && /^\d+$/.test(id)
      ? await service.forms.get(Number(id))
      : id
        ? await service.forms.byPublicId(id)
        : null;
  if (!form) throw new GatewayError('not_found', `Webform ${id ?? ''} does not exist`);
  return form;
}

export const WEBFORM_COMMANDS: readonly Command[] = [
  {
    noun: 'webform',
    verb: 'create',
    usage:
      'webform create --name N --module M --field NAME[:required][=OVERRIDE]... [--assigned-user U | --assigned-group G] [--return-url URL] [--origin URL]... [--captcha] [--files] [--daily-cap N] [--ip-limit N] [--form-limit N] [--min-fill-seconds N] [--dedupe none|update|link]',
    run: (args, { config }) => create(args, config),
  },
  {
    noun: 'webform',
    verb: 'list',
    usage: 'webform list',
    run: async (args, { config }) => {
      parse(args, {});
      return withService(config, async (service) =>
        Promise.all((await service.forms.list()).map((f) => present(service, config, f, false))),
      );
    },
  },
  {
    noun: 'webform',
    verb: 'show',
    usage: 'webform show --id ID|PUBLIC_ID',
    run: async (args, { config }) => {
      const v = parse(args, { id: { type: 'string' } });
      return withService(config, async (service) => {
        const form = await byId(service, v);
        return { ...(await present(service, config, form, true)), settings: form };
      });
    },
  },
  {
    noun: 'webform',
    verb: 'submissions',
    usage: 'webform submissions --id ID|PUBLIC_ID [--limit N]',
    run: async (args, { config }) => {
      const v = parse(args, { id: { type: 'string' }, limit: { type: 'string' } });
      return withService(config, async (service) =>
        service.inbox.recent((await byId(service, v)).id, count(v, 'limit', 50)),
      );
    },
  },
  {
    noun: 'webform',
    verb: 'retry',
    usage: 'webform retry   (creates the records of failed or stale submissions now)',
    run: async (args, { config }) => {
      parse(args, {});
      return withService(config, (service) => service.processor.retry());
    },
  },
];

// `oauth-app create|list|revoke-tokens`: the console's "External applications" from the
// command line. create prints the client id and, once, the secret or the private key (PEM, JWK,
// kid, alg); the gateway keeps only the secret's hash and the public key.
import { parseArgs } from 'node:util';
import { createOAuthStore } from '../../store/oauth/oauth-store.js';
import type { ClientType } from '../../store/oauth/types.js';
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { registerApp, type AppCredentials } from '../../gateway/oauth/registration.js';
import { parseScopeChoice } from '../../gateway/oauth/scopes.js';
import { UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

const CREATE_FLAGS = {
  name: { type: 'string' },
  type: { type: 'string' },
  user: { type: 'string' },
  scope: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  offline: { type: 'boolean' },
  'secret-type': { type: 'string' },
  description: { type: 'string' },
} as const;

function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function createFlags(args: readonly string[]) {
  return usage(
    () =>
      parseArgs({ args: [...args], options: CREATE_FLAGS, strict: true, allowPositionals: false })
        .values,
  );
}

function credentialsJson(credentials: AppCredentials): Record<string, unknown> {
  if (credentials.kind === 'secret') return { clientSecret: credentials.clientSecret };
  if (credentials.kind === 'jwt')
    return {
      privateKeyPem: credentials.privateKeyPem,
      privateKeyJwk: credentials.privateKeyJwk,
      kid: credentials.kid,
      alg: credentials.alg,
    };
  return {};
}

async function create(
  store: Store,
  f: ReturnType<typeof createFlags>,
): Promise<Record<string, unknown>> {
  const type = (['service', 'web', 'native'] as const).find((t) => t === f.type);
  if (!f.name || !type || !f.user || !f.scope)
    throw new UsageError(
      '--name, --type service|web|native, --user and --scope read|write|read-write are required',
    );
  const scope = parseScopeChoice(f.scope);
  if (!scope) throw new UsageError('--scope must be read, write or read-write');
  const secretType = f['secret-type'] ?? 'secret';
  if (secretType !== 'secret' && secretType !== 'jwt')
    throw new UsageError('--secret-type must be secret or jwt');
  const user = await store.users.findByUserName(f.user);
  if (!user) throw new GatewayError('not_found', `User ${f.user} does not exist`);
  const created = await registerApp(createOAuthStore(store.db.knex), store.users, {
    name: f.name,
    description: f.description ?? null,
    iconUrl: null,
    type: type as ClientType,
    secretType,
    scope,
    redirectUris: f['redirect-uri'] ?? [],
    offlineAccess: f.offline === true,
    userId: user.id,
    restricted: false,
    allowedUserIds: [],
    allowedGroupIds: [],
  });
  const c = created.client;
  return {
    clientId: c.id,
    name: c.name,
    type: c.type,
    authMethod: c.authMethod,
    scope: c.scope,
    redirectUris: c.redirectUris,
    offlineAccess: c.offlineAccess,
    user: user.userName,
    ...credentialsJson(created.credentials),
  };
}

export const OAUTH_COMMANDS: readonly Command[] = [
  {
    noun: 'oauth-app',
    verb: 'create',
    usage:
      'oauth-app create --name N --type service|web|native --user U --scope read|write|read-write [--redirect-uri URL]… [--offline] [--secret-type secret|jwt] [--description D]',
    run: async (args, { config }) => {
      const f = createFlags(args);
      return withStore(config, (store) => create(store, f));
    },
  },
  {
    noun: 'oauth-app',
    verb: 'list',
    usage: 'oauth-app list',
    run: async (args, { config }) => {
      usage(() =>
        parseArgs({ args: [...args], options: {}, strict: true, allowPositionals: false }),
      );
      return withStore(config, async (store) => {
        const oauth = createOAuthStore(store.db.knex);
        return Promise.all(
          (await oauth.clients.list()).map(async (c) => ({
            clientId: c.id,
            name: c.name,
            type: c.type,
            authMethod: c.authMethod,
            scope: c.scope,
            active: c.active,
            userId: String(c.userId),
            redirectUris: c.redirectUris,
            offlineAccess: c.offlineAccess,
            tokens: await oauth.clients.stats(c.id),
          })),
        );
      });
    },
  },
  {
    noun: 'oauth-app',
    verb: 'revoke-tokens',
    usage: 'oauth-app revoke-tokens --client-id ID',
    run: async (args, { config }) => {
      const f = usage(
        () =>
          parseArgs({
            args: [...args],
            options: { 'client-id': { type: 'string' } },
            strict: true,
            allowPositionals: false,
          }).values,
      );
      if (!f['client-id']) throw new UsageError('--client-id is required');
      const clientId = f['client-id'];
      return withStore(config, async (store) => {
        const oauth = createOAuthStore(store.db.knex);
        const client = await oauth.clients.require(clientId);
        return {
          clientId: client.id,
          revokedAccessTokens: await oauth.tokens.revokeClient(client.id),
        };
      });
    },
  },
];

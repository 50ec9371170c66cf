// Registering and editing applications (the console's "External applications"; RFC 6749 §2, RFC
// 7591 §2 for the vocabulary), shared by the console and the command line. Redirect URIs are
// absolute, without fragment or wildcard, https — or http on a loopback address, and private-use
// schemes for native apps (RFC 8252 §7, RFC 9700 §2.1 and §2.6). Secrets are shown once and stored
// as SHA-256; key applications get a key pair whose private half is shown once.
import { randomBytes } from 'node:crypto';
import { GatewayError } from '../../store/errors.js';
import { sha256 } from '../../store/oauth/clients.js';
import type { OAuthStore } from '../../store/oauth/oauth-store.js';
import type { ClientChanges, ClientType, OAuthClient } from '../../store/oauth/types.js';
import type { UserRepository } from '../../store/users/user-repository.js';
import { generateClientKey, KEYS_KEPT } from './client-keys.js';

export type SecretType = 'secret' | 'jwt';

/** What an admin sets on an application: the store's editable client fields. */
export type AppSettings = ClientChanges;

export interface AppInput extends AppSettings {
  readonly type: ClientType;
  readonly secretType: SecretType;
}

export type AppCredentials =
  | { readonly kind: 'secret'; readonly clientSecret: string }
  | {
      readonly kind: 'jwt';
      readonly kid: string;
      readonly alg: string;
      readonly privateKeyPem: string;
      readonly privateKeyJwk: Readonly<Record<string, unknown>>;
    }
  | { readonly kind: 'none' };

export interface CreatedApp {
  readonly client: OAuthClient;
  readonly credentials: AppCredentials;
}

const invalid = (message: string): GatewayError => new GatewayError('invalid_input', message);
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function checkRedirectUri(text: string, type: ClientType): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`Redirect URL ${text.slice(0, 200)} is not an absolute URL`);
  }
  if (
    text.length > 2000 ||
    text.includes('#') ||
    text.includes('*') ||
    url.username ||
    url.password
  )
    throw invalid(
      `Redirect URL ${text.slice(0, 200)} may not have a fragment, wildcard or credentials`,
    );
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return text;
  // RFC 8252 §7.1: private-use schemes are reverse domain names, so they contain a dot.
  if (type === 'native' && /^[a-z][a-z0-9+-]*\.[a-z0-9.+-]+:$/.test(url.protocol)) return text;
  throw invalid(
    `Redirect URL ${text.slice(0, 200)} must use https (http only on 127.0.0.1, [::1] or localhost${type === 'native' ? ', or a reverse-domain scheme' : ''})`,
  );
}

function checkIcon(icon: string | null): string | null {
  if (icon === null || icon.trim() === '') return null;
  const value = icon.trim();
  if (
    /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(value) &&
    value.length <= 96_000
  )
    return value;
  try {
    if (new URL(value).protocol === 'https:' && value.length <= 2000) return value;
  } catch {
    // fall through
  }
  throw invalid('The icon must be an https URL or a small data:image/png, jpeg, gif or webp URL');
}

async function checkSettings(
  users: UserRepository,
  type: ClientType,
  input: AppSettings,
): Promise<ClientChanges> {
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw invalid('The name must have 1 to 100 characters');
  if ((input.description ?? '').length > 1000)
    throw invalid('The description may have at most 1000 characters');
  if (!(await users.findById(input.userId))) throw invalid('The associated user does not exist');
  const redirectUris = [
    ...new Set(input.redirectUris.map((u) => u.trim()).filter((u) => u !== '')),
  ].map((u) => checkRedirectUri(u, type));
  if (type === 'service' && redirectUris.length > 0)
    throw invalid('A service account has no redirect URLs');
  if (type !== 'service' && (redirectUris.length === 0 || redirectUris.length > 10))
    throw invalid('Register 1 to 10 redirect URLs');
  for (const id of input.allowedUserIds)
    if (!(await users.findById(id))) throw invalid(`User ${id} does not exist`);
  return {
    ...input,
    name,
    description: input.description?.trim() || null,
    iconUrl: checkIcon(input.iconUrl),
    redirectUris,
    offlineAccess: type !== 'service' && input.offlineAccess,
    restricted: type !== 'service' && input.restricted,
  };
}

function newSecret(): { secret: string; hash: string } {
  const secret = `gwcs_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: sha256(secret) };
}

export async function registerApp(
  oauth: OAuthStore,
  users: UserRepository,
  input: AppInput,
): Promise<CreatedApp> {
  const settings = await checkSettings(users, input.type, input);
  const authMethod =
    input.type === 'native'
      ? 'none'
      : input.secretType === 'jwt'
        ? 'private_key_jwt'
        : 'client_secret';
  const secret = authMethod === 'client_secret' ? newSecret() : null;
  const id = `app_${randomBytes(12).toString('hex')}`;
  const client = await oauth.clients.create({
    ...settings,
    id,
    type: input.type,
    authMethod,
    secretHash: secret?.hash ?? null,
  });
  if (authMethod === 'private_key_jwt') return { client, credentials: await addKey(oauth, client) };
  return {
    client,
    credentials: secret ? { kind: 'secret', clientSecret: secret.secret } : { kind: 'none' },
  };
}

export async function updateApp(
  oauth: OAuthStore,
  users: UserRepository,
  id: string,
  input: AppSettings,
): Promise<OAuthClient> {
  const client = await oauth.clients.require(id);
  return oauth.clients.update(id, await checkSettings(users, client.type, input));
}

async function addKey(oauth: OAuthStore, client: OAuthClient): Promise<AppCredentials> {
  const key = await generateClientKey();
  await oauth.clients.addKey(
    { kid: key.kid, clientId: client.id, alg: key.alg, publicJwk: key.publicJwk },
    KEYS_KEPT,
  );
  return {
    kind: 'jwt',
    kid: key.kid,
    alg: key.alg,
    privateKeyPem: key.privateKeyPem,
    privateKeyJwk: key.privateKeyJwk,
  };
}

/** A new secret (the old one stops working) or a new key pair (the previous key stays valid). */
export async function renewCredentials(
  oauth: OAuthStore,
  client: OAuthClient,
): Promise<AppCredentials> {
  if (client.authMethod === 'private_key_jwt') return addKey(oauth, client);
  if (client.authMethod !== 'client_secret')
    throw invalid('A native or single-page application has no secret');
  const secret = newSecret();
  await oauth.clients.setSecretHash(client.id, secret.hash);
  return { kind: 'secret', clientSecret: secret.secret };
}

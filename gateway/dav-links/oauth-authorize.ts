// Getting a link's first refresh token (RFC 6749 §4.1, authorization code), for calendar and
// contact links alike: the admin is sent to the provider's authorization URL and comes back to the
// console with a code, exchanged at the token URL. `state` (§10.12) ties the answer to the link,
// to its bridge and to the admin's console session, so a code from a forged or replayed redirect
// cannot attach someone else's calendar or address book to a link. Google needs
// access_type=offline and prompt=consent to hand out a refresh token every time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { exchangeCode } from '../../adapters/caldav-client.js';
import type { HttpClient } from '../../adapters/http.js';
import { GatewayError } from '../../store/errors.js';
import type { LinkSecretStore, LinkSecretsShape } from '../../sync/providers/dav/auth.js';

/** Which links a state names: `caldav-link` (calendar links) or `carddav-link` (contact links). */
export type LinkNoun = 'caldav-link' | 'carddav-link';

/** What authorising needs of a link, whatever its bridge. */
export interface OAuthLinkRef {
  readonly id: number;
  readonly authUrl: string | null;
  readonly tokenUrl: string | null;
  readonly clientId: string | null;
  readonly scopes: string | null;
  readonly accountEmail: string | null;
}

export type OAuthSecrets = LinkSecretsShape;

/** Where a link's secrets live (the bridge's link repository). */
export interface OAuthSecretStore<S extends OAuthSecrets> extends LinkSecretStore<S> {
  setActive(id: number, active: boolean): Promise<void>;
}

function mac(noun: LinkNoun, id: number, sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update(`${noun}:${id}`).digest('base64url');
}

export function authorizationState(
  id: number,
  sessionSecret: string,
  noun: LinkNoun = 'caldav-link',
): string {
  return `${id}.${mac(noun, id, sessionSecret)}`;
}

/** The link id the state was made for in this session and for these links, or null. */
export function linkOfState(
  state: string,
  sessionSecret: string,
  noun: LinkNoun = 'caldav-link',
): number | null {
  const m = /^(\d{1,9})\.([A-Za-z0-9_-]{43})$/.exec(state);
  if (!m) return null;
  const id = Number(m[1]);
  const want = Buffer.from(mac(noun, id, sessionSecret));
  const got = Buffer.from(m[2] ?? '');
  return want.length === got.length && timingSafeEqual(want, got) ? id : null;
}

export function authorizationUrl(link: OAuthLinkRef, redirectUri: string, state: string): string {
  if (!link.authUrl || !link.clientId)
    throw new GatewayError('invalid_input', `link ${link.id} does not use OAuth`);
  const url = new URL(link.authUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', link.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  if (link.scopes) url.searchParams.set('scope', link.scopes);
  url.searchParams.set('state', state);
  url.searchParams.set('access_type', 'offline');
  url.searchParams.set('prompt', 'consent');
  if (link.accountEmail) url.searchParams.set('login_hint', link.accountEmail);
  return url.href;
}

export async function completeAuthorization<S extends OAuthSecrets>(
  links: OAuthSecretStore<S>,
  http: HttpClient,
  link: OAuthLinkRef,
  code: string,
  redirectUri: string,
  now: number,
): Promise<void> {
  if (!link.tokenUrl || !link.clientId)
    throw new GatewayError('invalid_input', `link ${link.id} does not use OAuth`);
  const secrets = await links.secrets(link.id);
  const tokens = await exchangeCode(
    http,
    { tokenUrl: link.tokenUrl, clientId: link.clientId, clientSecret: secrets.clientSecret ?? '' },
    code,
    redirectUri,
    now,
  );
  const refreshToken = tokens.refreshToken ?? secrets.refreshToken;
  if (!refreshToken)
    throw new GatewayError(
      'unavailable',
      'the provider gave no refresh token: allow offline access and authorise again',
    );
  await links.setSecrets(link.id, {
    ...secrets,
    refreshToken,
    accessToken: tokens.accessToken,
    accessExpiresAt: tokens.expiresAt,
  });
  await links.setActive(link.id, true);
}

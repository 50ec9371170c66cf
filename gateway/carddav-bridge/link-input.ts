// Validating what an admin gives for a new CardDAV link (`carddav-link create`): the CardDAV URL
// (a server, a principal or the address book itself), the remote user name and password, and the
// direction (both, to-remote, from-remote; both when not given). A Google link needs the account
// e-mail (its address book URL is Google's, developers.google.com/people/carddav) and the OAuth
// client; the refresh token is given, or obtained later by authorising the link in the console
// (gateway/dav-links/oauth-authorize.ts). Its endpoints can be overridden (tests, proxies).
import { GatewayError } from '../../store/errors.js';
import {
  DIRECTIONS,
  type LinkDirection,
  type NewCarddavLink,
} from '../../store/carddav-links/link-repository.js';
import {
  GOOGLE_AUTH_URL,
  GOOGLE_TOKEN_URL,
  googleAccount,
  httpUrl,
  required,
  urlOr,
} from '../dav-links/input-checks.js';

export interface CardLinkInput {
  readonly userId: number;
  readonly kind?: string;
  readonly accountEmail?: string;
  readonly authUrl?: string;
  readonly tokenUrl?: string;
  readonly scopes?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly refreshToken?: string;
  readonly url?: string;
  readonly bookUrl?: string;
  readonly username?: string;
  readonly password?: string;
  readonly direction?: string;
  /** The group whose contacts go; the user's own when not given. */
  readonly groupId?: number;
}

export function directionOf(value: string | undefined): LinkDirection {
  const direction = DIRECTIONS.find((d) => d === (value ?? 'both'));
  if (!direction)
    throw new GatewayError(
      'invalid_input',
      `unknown direction "${value}": use ${DIRECTIONS.join(', ')}`,
    );
  return direction;
}

/** The scope of Google Contacts over CardDAV (developers.google.com/people/carddav). */
export const GOOGLE_CARDDAV_SCOPE = 'https://www.googleapis.com/auth/carddav';

/** Google's CardDAV address book of an account (developers.google.com/people/carddav). */
export const googleBookUrl = (email: string): string =>
  `https://www.googleapis.com/carddav/v1/principals/${encodeURIComponent(email)}/lists/default/`;

function googleLink(input: CardLinkInput, direction: LinkDirection): NewCarddavLink {
  const email = googleAccount(input.accountEmail);
  return {
    userId: input.userId,
    kind: 'google',
    url: urlOr(input.url, 'the CardDAV URL', googleBookUrl(email)),
    bookUrl: urlOr(input.bookUrl, 'the address book URL', null),
    username: email,
    authUrl: urlOr(input.authUrl, 'the authorization URL', GOOGLE_AUTH_URL),
    tokenUrl: urlOr(input.tokenUrl, 'the token URL', GOOGLE_TOKEN_URL),
    clientId: required(input.clientId, 'the client id'),
    scopes: input.scopes || GOOGLE_CARDDAV_SCOPE,
    direction,
    groupId: input.groupId ?? null,
    secrets: {
      clientSecret: required(input.clientSecret, 'the client secret'),
      ...(input.refreshToken ? { refreshToken: input.refreshToken } : {}),
    },
  };
}

export function newCardLink(input: CardLinkInput): NewCarddavLink {
  const direction = directionOf(input.direction);
  const kind = input.kind ?? 'carddav';
  if (kind === 'google') return googleLink(input, direction);
  if (kind !== 'carddav')
    throw new GatewayError('invalid_input', `unknown link kind "${kind}": use carddav, google`);
  return {
    userId: input.userId,
    kind: 'carddav',
    url: httpUrl(input.url, 'the CardDAV URL'),
    bookUrl: urlOr(input.bookUrl, 'the address book URL', null),
    username: required(input.username, 'the user name'),
    tokenUrl: null,
    clientId: null,
    direction,
    groupId: input.groupId ?? null,
    secrets: { password: required(input.password, 'the password') },
  };
}

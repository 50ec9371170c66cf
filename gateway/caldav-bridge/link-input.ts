// Validating what an admin gives for a new link (console form or `caldav-link create`), per kind:
// caldav needs URL, user name and password; oauth the provider's token URL, client and a refresh
// token; google the account e-mail and client (its endpoints are Google's, overridable for tests).
import { GatewayError } from '../../store/errors.js';
import { LINK_KINDS, type LinkKind, type NewLink } from '../../store/caldav-links/link-types.js';
import { GOOGLE_SCOPE, googleCalendarUrl } from '../../sync/providers/caldav/link-client.js';
import {
  GOOGLE_AUTH_URL,
  GOOGLE_TOKEN_URL,
  googleAccount,
  httpUrl,
  required,
  urlOr,
} from '../dav-links/input-checks.js';

export interface LinkInput {
  readonly userId: number;
  readonly kind?: string;
  readonly url?: string;
  readonly calendarUrl?: string;
  readonly username?: string;
  readonly password?: string;
  readonly accountEmail?: string;
  readonly authUrl?: string;
  readonly tokenUrl?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scopes?: string;
  readonly refreshToken?: string;
}

function kindOf(value: string | undefined): LinkKind {
  const kind = LINK_KINDS.find((k) => k === (value ?? 'caldav'));
  if (!kind)
    throw new GatewayError(
      'invalid_input',
      `unknown link kind "${value}": use ${LINK_KINDS.join(', ')}`,
    );
  return kind;
}

export function newLink(input: LinkInput): NewLink {
  const kind = kindOf(input.kind);
  const calendarUrl = urlOr(input.calendarUrl, 'the calendar URL', null);
  if (kind === 'caldav') {
    return {
      userId: input.userId,
      kind,
      url: httpUrl(input.url, 'the CalDAV URL'),
      username: required(input.username, 'the user name'),
      calendarUrl,
      secrets: { password: required(input.password, 'the password') },
    };
  }
  const oauth = {
    clientId: required(input.clientId, 'the client id'),
    secrets: {
      clientSecret: required(input.clientSecret, 'the client secret'),
      ...(input.refreshToken ? { refreshToken: input.refreshToken } : {}),
    },
  };
  if (kind === 'google') {
    const email = googleAccount(input.accountEmail);
    return {
      userId: input.userId,
      kind,
      accountEmail: email,
      url: urlOr(input.url, 'the CalDAV URL', googleCalendarUrl(email)),
      calendarUrl,
      authUrl: urlOr(input.authUrl, 'the authorization URL', GOOGLE_AUTH_URL),
      tokenUrl: urlOr(input.tokenUrl, 'the token URL', GOOGLE_TOKEN_URL),
      scopes: input.scopes ?? GOOGLE_SCOPE,
      ...oauth,
    };
  }
  return {
    userId: input.userId,
    kind,
    url: httpUrl(input.url, 'the CalDAV URL'),
    calendarUrl,
    authUrl: httpUrl(input.authUrl, 'the authorization URL'),
    tokenUrl: httpUrl(input.tokenUrl, 'the token URL'),
    scopes: input.scopes ?? null,
    ...oauth,
  };
}

// Validating what an admin gives for a new link (console form or `caldav-link create`), per kind:
// caldav needs URL, user name and password; oauth the provider's token URL, client and a refresh
// token; google the account e-mail and client (its endpoints are Google's, overridable for tests).
import { GatewayError } from '../../store/errors.js';
import { LINK_KINDS, type LinkKind, type NewLink } from '../../store/caldav-links/link-types.js';
import {
  GOOGLE_AUTH_URL,
  GOOGLE_SCOPE,
  GOOGLE_TOKEN_URL,
  googleCalendarUrl,
} from '../../sync/providers/caldav/link-client.js';

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

function httpUrl(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '')
    throw new GatewayError('mandatory_missing', `${what} is required`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new GatewayError('invalid_input', `${what} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new GatewayError('invalid_input', `${what} must be an http(s) URL`);
  return url.href;
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '')
    throw new GatewayError('mandatory_missing', `${what} is required`);
  return value;
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
  const calendarUrl = input.calendarUrl ? httpUrl(input.calendarUrl, 'the calendar URL') : null;
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
    const email = required(input.accountEmail, 'the Google account e-mail');
    if (!/^[^@\s]+@[^@\s]+$/.test(email))
      throw new GatewayError('invalid_input', `not an e-mail address: ${JSON.stringify(email)}`);
    return {
      userId: input.userId,
      kind,
      accountEmail: email,
      url: input.url ? httpUrl(input.url, 'the CalDAV URL') : googleCalendarUrl(email),
      calendarUrl,
      authUrl: input.authUrl ? httpUrl(input.authUrl, 'the authorization URL') : GOOGLE_AUTH_URL,
      tokenUrl: input.tokenUrl ? httpUrl(input.tokenUrl, 'the token URL') : GOOGLE_TOKEN_URL,
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

// Validating what an admin gives for a new CardDAV link (`carddav-link create`): the CardDAV URL
// (a server, a principal or the address book itself), the remote user name and password, and the
// direction (both, to-remote, from-remote; both when not given).
import { GatewayError } from '../../store/errors.js';
import {
  DIRECTIONS,
  type LinkDirection,
  type NewCarddavLink,
} from '../../store/carddav-links/link-repository.js';

export interface CardLinkInput {
  readonly userId: number;
  readonly url?: string;
  readonly bookUrl?: string;
  readonly username?: string;
  readonly password?: string;
  readonly direction?: string;
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

export function directionOf(value: string | undefined): LinkDirection {
  const direction = DIRECTIONS.find((d) => d === (value ?? 'both'));
  if (!direction)
    throw new GatewayError(
      'invalid_input',
      `unknown direction "${value}": use ${DIRECTIONS.join(', ')}`,
    );
  return direction;
}

export function newCardLink(input: CardLinkInput): NewCarddavLink {
  return {
    userId: input.userId,
    url: httpUrl(input.url, 'the CardDAV URL'),
    bookUrl: input.bookUrl ? httpUrl(input.bookUrl, 'the address book URL') : null,
    username: required(input.username, 'the user name'),
    direction: directionOf(input.direction),
    secrets: { password: required(input.password, 'the password') },
  };
}

// Checks of what an admin types for a calendar or contact link (console form or command line):
// an http(s) URL, a value that must be given, a Google account's e-mail; and Google's OAuth 2.0
// endpoints (developers.google.com/identity/protocols/oauth2/web-server), the defaults of both.
import { GatewayError } from '../../store/errors.js';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

export function httpUrl(value: string | undefined, what: string): string {
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

/** The URL when one is given, else `fallback`. */
export const urlOr = <T>(value: string | undefined, what: string, fallback: T): string | T =>
  value ? httpUrl(value, what) : fallback;

export function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '')
    throw new GatewayError('mandatory_missing', `${what} is required`);
  return value;
}

/** The Google account's e-mail a Google link needs. */
export function googleAccount(value: string | undefined): string {
  const email = required(value, 'the Google account e-mail');
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    throw new GatewayError('invalid_input', `not an e-mail address: ${JSON.stringify(email)}`);
  return email;
}

// Filters built from a template and untrusted input (RFC 4515). Every value goes through
// ldapts's Filter.escape (8.2+), which writes `*`, `(`, `)`, `\` and NUL as \2a \28 \29 \5c \00
// (RFC 4515 §3), so a login like `*)(uid=*` stays one literal value. Non-ASCII is left as
// UTF-8: RFC 4515 §3 allows UTFMB unescaped, and ldapts decodes each \XX escape as one
// character, so escaping UTF-8 bytes would turn "José" into mojibake and never match.
import { Filter } from 'ldapts';
import type { DirectoryConfig } from './directory-config.js';

export const USERNAME_PLACEHOLDER = '{{username}}';
export const DN_PLACEHOLDER = '{{dn}}';

/** Longer logins are refused before any LDAP traffic: no directory has names like that. */
export const MAX_LOGIN_LENGTH = 256;
const MAX_PASSWORD_LENGTH = 1024;
// C0 controls and DEL: no directory login contains them; refusing them early keeps the
// escaping the only line of defence that has to be right, not the only one there is.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function escapeFilterValue(value: string): string {
  return Filter.escape(value);
}

/**
 * Replaces every occurrence of the placeholder with the escaped value. split/join, not
 * String.replace: a replacement string would interpret `$&`, `$'` and friends.
 */
export function fillFilter(template: string, placeholder: string, value: string): string {
  return template.split(placeholder).join(escapeFilterValue(value));
}

/** The user filter for a login: the UPN filter when the login looks like user@domain. */
export function userFilterFor(config: DirectoryConfig, login: string): string {
  const template =
    login.includes('@') && config.upnFilter !== null ? config.upnFilter : config.userFilter;
  return fillFilter(template, USERNAME_PLACEHOLDER, login);
}

export function groupFilterFor(config: DirectoryConfig, dn: string): string {
  return fillFilter(config.groupFilter, DN_PLACEHOLDER, dn);
}

/**
 * The filter matching every user, for sync: the placeholder becomes a bare `*` (a presence or
 * substring match). This is the one place a wildcard is intended, and it never carries input.
 */
export function allUsersFilter(config: DirectoryConfig): string {
  return config.userFilter.split(USERNAME_PLACEHOLDER).join('*');
}

/**
 * Why a login attempt is refused before binding, or null when it may go to the directory.
 * An empty password must never reach a bind: RFC 4513 §5.1.2 makes DN + empty password an
 * "unauthenticated bind", which some servers answer with success.
 */
export function loginInputProblem(login: string, password: string): string | null {
  if (password === '')
    return 'empty password (an unauthenticated bind, RFC 4513 §5.1.2, is never attempted)';
  if (password.length > MAX_PASSWORD_LENGTH) return 'password too long';
  if (login.trim() === '') return 'empty user name';
  if (login.length > MAX_LOGIN_LENGTH)
    return `user name longer than ${MAX_LOGIN_LENGTH} characters`;
  if (CONTROL.test(login)) return 'user name contains control characters';
  return null;
}

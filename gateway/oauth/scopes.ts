// Scopes of the gateway's tokens (RFC 6749 §3.3): `read` and `write`, as a space-separated set.
// An application is registered read-only, write-only or read/write; a request may narrow that
// set but never widen it. The REST API enforces the token's scope (read-only cannot write).
import { toScope } from '../../store/oauth/tokens.js';
import type { TokenScope } from '../../store/oauth/types.js';

export const SCOPE_CHOICES: readonly TokenScope[] = ['read', 'write', 'read write'];

export function scopeList(scope: TokenScope): string[] {
  return scope.split(' ');
}

export function scopeLabel(scope: TokenScope): string {
  return scope === 'read' ? 'read-only' : scope === 'write' ? 'write-only' : 'read/write';
}

/** The scope a client may get for a request: all it is registered for, or the requested subset; null when the request asks for more or for unknown scopes. */
export function grantableScope(
  allowed: TokenScope,
  requested: readonly string[] | undefined,
): TokenScope | null {
  const wanted = (requested ?? []).filter((s) => s !== '');
  if (wanted.length === 0) return allowed;
  const allowedList = scopeList(allowed);
  if (!wanted.every((s) => allowedList.includes(s))) return null;
  return toScope(wanted.join(' '));
}

const CHOICES: Readonly<Record<string, TokenScope>> = {
  read: 'read',
  'read-only': 'read',
  write: 'write',
  'write-only': 'write',
  'read-write': 'read write',
  'read write': 'read write',
  'read/write': 'read write',
};

/** `read`, `write`, `read-write` (and the console's spellings) as typed on the command line or a form. */
export function parseScopeChoice(text: string): TokenScope | null {
  return CHOICES[text.trim().toLowerCase()] ?? null;
}

/** Whether `granted` covers everything in `wanted` (a remembered consent). */
export function scopeCovers(granted: TokenScope, wanted: TokenScope): boolean {
  const list = scopeList(granted);
  return scopeList(wanted).every((s) => list.includes(s));
}

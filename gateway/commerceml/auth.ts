// Who is exchanging (gateway/commerceml/README.md §1.2): checkauth needs HTTP Basic with the CRM
// user name and that user's access key; later requests are accepted with the session cookie, the
// `sessid` parameter, or Basic again (1C repeats checkauth and some modules only send Basic).
import { timingSafeEqual } from 'node:crypto';
import type { CmlSession } from '../../store/commerceml/exchange-repository.js';
import type { User } from '../../store/types.js';
import { GatewayError } from '../errors.js';
import type { CmlDeps } from './deps.js';

export interface Credentials {
  readonly authorization: string | null;
  readonly cookie: string | null;
  readonly sessid: string | null;
  readonly ip: string | null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * The user of a Basic header; null when none was sent; throws on wrong credentials. Failures
 * count per user name and per address in the lockout the REST API uses, so the exchange
 * endpoint is no way around it for guessing access keys.
 */
export async function basicUser(
  deps: CmlDeps,
  authorization: string | null,
  ip: string | null,
): Promise<User | null> {
  const m = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const name = (colon < 0 ? decoded : decoded.slice(0, colon)).trim();
  const key = colon < 0 ? '' : decoded.slice(colon + 1);
  const keys = name === '' ? [] : [`user:${name.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
  for (const k of keys) {
    if (await deps.throttle?.lockedUntil(k))
      throw new GatewayError('unauthenticated', 'too many failed logins; try again later');
  }
  const user =
    name === '' || name.length > 256 ? null : await deps.store.users.findByUserName(name);
  if (!user || user.status !== 'Active' || !sameSecret(key, user.accessKey)) {
    for (const k of keys) await deps.throttle?.recordFailure(k);
    throw new GatewayError('unauthenticated', 'wrong user name or access key');
  }
  if (keys[0]) await deps.throttle?.clear(keys[0]);
  return user;
}

export async function resolveSession(deps: CmlDeps, creds: Credentials): Promise<CmlSession> {
  for (const token of [creds.cookie, creds.sessid]) {
    if (!token) continue;
    const session = await deps.exchange.findSession(token);
    if (session && (await deps.store.users.actor(session.userId))) return session;
  }
  const user = await basicUser(deps, creds.authorization, creds.ip);
  if (!user)
    throw new GatewayError('unauthenticated', 'no exchange session: call mode=checkauth first');
  return (await deps.exchange.latestSessionOf(user.id)) ?? deps.exchange.createSession(user.id);
}

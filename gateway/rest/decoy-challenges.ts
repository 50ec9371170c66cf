// Challenges handed out for user names that do not exist, so that getchallenge and the login that
// follows answer as they would for a real user (README.md "Login lockout", test
// gateway/rest/getchallenge-unknown.test.ts). Nothing can log in with them; they are kept in
// memory only, bounded in number and time, to word the login's refusal like a wrong access key.
import { randomBytes } from 'node:crypto';

const LIFETIME_MS = 300_000;
const MAX_NAMES = 10_000;

/** Until when (ms) each unknown name has a decoy challenge; insertion order is age order. */
const live = new Map<string, number>();

export interface DecoyChallenge {
  readonly token: string;
  readonly serverTime: number;
  readonly expireTime: number;
}

/** A challenge shaped as store/webservice-sessions.ts issues them, remembered for the name. */
export function issueDecoy(name: string, now = Date.now()): DecoyChallenge {
  const key = name.toLowerCase();
  live.delete(key);
  live.set(key, now + LIFETIME_MS);
  for (const oldest of live.keys()) {
    if (live.size <= MAX_NAMES) break;
    live.delete(oldest);
  }
  const serverTime = Math.floor(now / 1000);
  return {
    token: randomBytes(16).toString('hex'),
    serverTime,
    expireTime: serverTime + LIFETIME_MS / 1000,
  };
}

/** Whether the name was handed a decoy challenge that has not expired. */
export function hasDecoy(name: string, now = Date.now()): boolean {
  const until = live.get(name.toLowerCase());
  return until !== undefined && until >= now;
}

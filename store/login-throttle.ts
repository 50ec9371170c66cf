// Lockout after repeated failed logins, kept in the database so that every replica and every
// entry point (console, webservice login, REST Basic auth, CalDAV, CommerceML) counts the same
// failures; gateway/auth/authenticator.ts is its one caller and decides what the keys are and
// how many failures lock each (README.md "Login lockout"); a key recorded with no limit only
// counts (the per-user count, which slows rather than locks).
import type { Knex } from 'knex';
import { nowUtc } from './db.js';

export interface ThrottlePolicy {
  /** Failures inside the window that lock a key recorded without a limit of its own. */
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
}

export interface KeyState {
  readonly key: string;
  /** Until when the key is locked (UTC text), or null. */
  readonly lockedUntil: string | null;
  /** Failures inside the window; 0 when the key has no row or its window has passed. */
  readonly failures: number;
}

interface FailureRow {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export class LoginThrottle {
  constructor(
    private readonly knex: Knex,
    private readonly policy: ThrottlePolicy,
  ) {}

  /** The state of several keys in one read, in the order asked. */
  async states(keys: readonly string[]): Promise<KeyState[]> {
    const rows =
      keys.length === 0
        ? []
        : await this.knex<FailureRow>('login_failures').whereIn('key', [...keys]);
    const now = nowUtc();
    const windowStart = nowUtc(new Date(Date.now() - this.policy.windowMs));
    return keys.map((key) => {
      const row = rows.find((r) => r.key === key);
      const locked = row?.locked_until && row.locked_until > now ? row.locked_until : null;
      const counting = row !== undefined && row.window_start > windowStart;
      return { key, lockedUntil: locked, failures: counting ? Number(row.failures) : 0 };
    });
  }

  /** Counts a failure; `limit` failures in the window lock the key, null never locks it. */
  async recordFailure(key: string, limit: number | null = this.policy.maxFailures): Promise<void> {
    const now = Date.now();
    const nowText = nowUtc(new Date(now));
    await this.knex.transaction(async (trx) => {
      const row = await trx<FailureRow>('login_failures').where({ key }).first();
      const windowOpen = row && row.window_start > nowUtc(new Date(now - this.policy.windowMs));
      const failures = windowOpen ? Number(row.failures) + 1 : 1;
      const lockedUntil =
        limit !== null && failures >= limit
          ? nowUtc(new Date(now + this.policy.lockMs))
          : (row?.locked_until ?? null);
      const values = {
        failures,
        window_start: windowOpen ? row.window_start : nowText,
        locked_until: lockedUntil,
      };
      if (row) await trx('login_failures').where({ key }).update(values);
      else await trx('login_failures').insert({ key, ...values });
    });
  }

  async clear(keys: readonly string[]): Promise<void> {
    if (keys.length > 0)
      await this.knex('login_failures')
        .whereIn('key', [...keys])
        .del();
  }
}

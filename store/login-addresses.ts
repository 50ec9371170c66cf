// Where each user last logged in from: an address with a recent success for a user name is the
// owner's, and the lockout (gateway/auth/authenticator.ts) does not slow it for failures that
// other addresses cause (README.md "Login lockout"). Keyed by the lower-cased user name, as the
// lockout counters are.
import type { Knex } from 'knex';
import { fromStoreTime, nowUtc } from './db.js';

interface AddressRow {
  user_name: string;
  ip: string;
  last_success_at: string;
}

/** A success is written again only when the stored one is older than this: most cost no write. */
const REFRESH_MS = 3_600_000;

export class LoginAddresses {
  constructor(private readonly knex: Knex) {}

  /** When `name` last logged in from `ip` (ms since the epoch), or null. */
  async lastSuccess(name: string, ip: string): Promise<number | null> {
    const row = await this.knex<AddressRow>('login_addresses')
      .where({ user_name: name.toLowerCase(), ip })
      .first();
    return row ? fromStoreTime(row.last_success_at) : null;
  }

  /** Records a success; `known` is what lastSuccess returned, to skip a needless write. */
  async remember(name: string, ip: string, known: number | null, now = Date.now()): Promise<void> {
    if (known !== null && now - known < REFRESH_MS) return;
    await this.knex('login_addresses')
      .insert({ user_name: name.toLowerCase(), ip, last_success_at: nowUtc(new Date(now)) })
      .onConflict(['user_name', 'ip'])
      .merge(['last_success_at']);
  }

  /** Drops addresses not used for `maxAgeMs`. */
  async purgeOlderThan(maxAgeMs: number, now = Date.now()): Promise<number> {
    return this.knex('login_addresses')
      .where('last_success_at', '<', nowUtc(new Date(now - maxAgeMs)))
      .del();
  }
}

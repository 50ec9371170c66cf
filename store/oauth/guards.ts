// Shared state that protects the token endpoint on every replica: client-assertion `jti` values
// seen until they expire (RFC 7523 §3 item 7, replay protection) and fixed-window request
// counters (RFC 9700 §4.* brute force; RFC 6749 §10.10 credential guessing).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT' ||
    /UNIQUE constraint/.test(e.message ?? '')
  );
}

export class OAuthGuardRepository {
  constructor(private readonly knex: Knex) {}

  /** Records a jti; false when the client already used it (a replayed assertion). */
  async firstUseOfJti(clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.knex('oauth_assertion_jtis').insert({
        client_id: clientId,
        jti,
        expires_at: nowUtc(expiresAt),
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /**
   * Counts one request against `key` in a fixed window and returns the count so far. The UPDATE
   * is one statement, so concurrent replicas never lose a hit (they may over-count by one, which
   * errs on the safe side).
   */
  async hit(key: string, windowMs: number, now: Date = new Date()): Promise<number> {
    const nowText = nowUtc(now);
    const windowOpenedAfter = nowUtc(new Date(now.getTime() - windowMs));
    await this.knex('rate_limits')
      .insert({ key, window_start: nowText, hits: 0 })
      .onConflict('key')
      .ignore();
    await this.knex('rate_limits')
      .where({ key })
      .update({
        hits: this.knex.raw('CASE WHEN window_start <= ? THEN 1 ELSE hits + 1 END', [
          windowOpenedAfter,
        ]),
        window_start: this.knex.raw('CASE WHEN window_start <= ? THEN ? ELSE window_start END', [
          windowOpenedAfter,
          nowText,
        ]),
      });
    const row = await this.knex('rate_limits')
      .where({ key })
      .first<{ hits: number | string; window_start: string } | undefined>();
    return Number(row?.hits ?? 1);
  }

  async purgeExpired(windowMs: number, now: Date = new Date()): Promise<void> {
    await this.knex('oauth_assertion_jtis').where('expires_at', '<=', nowUtc(now)).del();
    await this.knex('rate_limits')
      .where('window_start', '<=', nowUtc(new Date(now.getTime() - windowMs)))
      .del();
  }
}

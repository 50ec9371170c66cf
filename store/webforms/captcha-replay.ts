// ALTCHA solutions stay valid until their challenge expires (gateway/webforms/README.md §4.3),
// so each used challenge is remembered until then: a replayed payload finds its id taken.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

export class CaptchaReplay {
  constructor(private readonly knex: Knex) {}

  /** Records the challenge as used; false when it already was. */
  async use(challengeId: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown = await this.knex('webform_captcha_used')
      .insert({ challenge_id: challengeId.slice(0, 128), expires_at: nowUtc(expiresAt) })
      .onConflict('challenge_id')
      .ignore()
      .returning('challenge_id');
    return Array.isArray(rows) && rows.length > 0;
  }

  async purgeExpired(now: Date = new Date()): Promise<number> {
    return this.knex('webform_captcha_used').where('expires_at', '<', nowUtc(now)).del();
  }
}

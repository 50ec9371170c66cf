// When a user was last active in a client of the gateway, for the push "idle" rule
// (gateway/push/README.md §4). Console and webservice sessions already stamp their last use; the
// stateless clients (REST with Basic or Bearer, CalDAV, CardDAV) stamp push_activity, written at
// most once a minute per user so a sync burst costs one write.
import type { Knex } from 'knex';
import { fromStoreTime, nowUtc } from '../db.js';

const TOUCH_EVERY_MS = 60_000;

export class PushActivity {
  private readonly recent = new Map<number, number>();

  constructor(private readonly knex: Knex) {}

  async touch(userId: number, now: Date): Promise<void> {
    const last = this.recent.get(userId);
    if (last !== undefined && now.getTime() - last < TOUCH_EVERY_MS) return;
    this.recent.set(userId, now.getTime());
    await this.knex('push_activity')
      .insert({ user_id: userId, last_active_at: nowUtc(now) })
      .onConflict('user_id')
      .merge();
  }

  /** The latest stamp from any client, in milliseconds since the epoch, or null. */
  async lastActive(userId: number): Promise<number | null> {
    type Max = { at: string | null }[];
    const stamps = await Promise.all([
      this.knex('push_activity').where({ user_id: userId }).max<Max>({ at: 'last_active_at' }),
      this.knex('console_sessions').where({ user_id: userId }).max<Max>({ at: 'last_seen_at' }),
      this.knex('webservice_sessions').where({ user_id: userId }).max<Max>({ at: 'last_seen_at' }),
    ]);
    const times = stamps
      .map((rows) => rows[0]?.at ?? null)
      .filter((at): at is string => typeof at === 'string')
      .map(fromStoreTime);
    return times.length === 0 ? null : Math.max(...times);
  }
}

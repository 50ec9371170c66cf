// How far behind each bridge link is, for the dashboard (gateway/console/README.md, Dashboard):
// the time of its last successful pull (bridge_links.last_sync_at, set by
// BridgeLinkRepository.succeeded) with its owner, health and failures, for every bridge system.
import type { Knex } from 'knex';

export interface LinkLag {
  readonly id: number;
  readonly system: string;
  readonly userName: string;
  readonly endpoint: string;
  readonly active: boolean;
  /** UTC `YYYY-MM-DD HH:MM:SS.mmm`, or null before the first successful sync. */
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
  readonly failures: number;
}

export async function linkLags(knex: Knex, limit: number): Promise<LinkLag[]> {
  const rows = await knex({ l: 'bridge_links' })
    .join({ u: 'users' }, 'u.id', 'l.user_id')
    .orderBy('l.system')
    .orderBy('l.id')
    .limit(limit)
    .select<
      {
        id: number;
        system: string;
        user_name: string;
        endpoint: string;
        active: boolean | number;
        last_sync_at: string | null;
        last_error: string | null;
        failures: number;
      }[]
    >(
      'l.id',
      'l.system',
      'u.user_name',
      'l.endpoint',
      'l.active',
      'l.last_sync_at',
      'l.last_error',
      'l.failures',
    );
  return rows.map((r) => ({
    id: Number(r.id),
    system: r.system,
    userName: r.user_name,
    endpoint: r.endpoint,
    active: Boolean(r.active),
    lastSyncAt: r.last_sync_at,
    lastError: r.last_error,
    failures: Number(r.failures),
  }));
}

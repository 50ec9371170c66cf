// The lease of a bridge link (bridge_links, migrations 0012 and 0014): whoever holds it runs the link's sync. Each
// step is one conditional UPDATE, which SQLite (single writer) and PostgreSQL (row lock on UPDATE)
// both apply atomically, so of two takers at the same moment exactly one sees its row updated.
// Times are `nowUtc` strings, which compare as text in both databases. On PostgreSQL the
// statement reads the database's clock, so a replica whose clock runs ahead cannot take a live
// lease (store/db-clock.ts).
import type { Knex } from 'knex';
import { clockAt, defaultClock, type ClockSource } from '../db-clock.js';

export interface LeaseState {
  readonly holder: string | null;
  readonly until: string | null;
}

export class BridgeLease {
  private readonly clock: ClockSource;

  constructor(
    private readonly knex: Knex,
    clock?: ClockSource,
  ) {
    this.clock = clock ?? defaultClock(knex);
  }

  private at(nowMs: number, plusMs = 0): string | Knex.Raw {
    return clockAt(this.knex, this.clock, new Date(nowMs), plusMs);
  }

  /** Takes the lease when it is free, expired or already ours; true when taken. */
  async take(linkId: number, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const now = this.at(nowMs);
    const n = await this.knex('bridge_links')
      .where({ id: linkId })
      .andWhere((w) =>
        w.whereNull('lease_until').orWhere('lease_until', '<', now).orWhere('lease_holder', holder),
      )
      .update({ lease_holder: holder, lease_until: this.at(nowMs, ttlMs) });
    return Number(n) === 1;
  }

  /** Extends our lease; false when it is no longer ours (expired and taken by another). */
  async renew(linkId: number, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const n = await this.knex('bridge_links')
      .where({ id: linkId, lease_holder: holder })
      .update({ lease_until: this.at(nowMs, ttlMs) });
    return Number(n) === 1;
  }

  async release(linkId: number, holder: string): Promise<void> {
    await this.knex('bridge_links')
      .where({ id: linkId, lease_holder: holder })
      .update({ lease_holder: null, lease_until: null });
  }

  async state(linkId: number): Promise<LeaseState> {
    const row = await this.knex('bridge_links')
      .where({ id: linkId })
      .first<{ lease_holder: string | null; lease_until: string | null } | undefined>(
        'lease_holder',
        'lease_until',
      );
    return { holder: row?.lease_holder ?? null, until: row?.lease_until ?? null };
  }
}

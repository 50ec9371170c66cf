// One row per exchange with an outside system (a 1C upload, a CalDAV sync, a feed fetch):
// number, time, system, direction, status, counts and error. The console shows it.
import type { Knex } from 'knex';
import { nowUtc } from './db.js';

export type ExchangeDirection = 'inbound' | 'outbound';
export type ExchangeStatus = 'running' | 'ok' | 'partial' | 'error';

export interface ExchangeCounts {
  readonly created?: number;
  readonly updated?: number;
  readonly deleted?: number;
  readonly failed?: number;
}

export interface ExchangeEntry {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly system: string;
  readonly connection: string | null;
  readonly direction: ExchangeDirection;
  readonly status: ExchangeStatus;
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly failed: number;
  readonly error: string | null;
  readonly details: string | null;
}

export interface ExchangeFilter {
  readonly system?: string;
  readonly direction?: ExchangeDirection;
  readonly status?: ExchangeStatus;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly offset?: number;
}

interface ExchangeRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  system: string;
  connection: string | null;
  direction: string;
  status: string;
  created: number;
  updated: number;
  deleted: number;
  failed: number;
  error: string | null;
  details: string | null;
}

function toEntry(r: ExchangeRow): ExchangeEntry {
  return {
    id: Number(r.id),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    system: r.system,
    connection: r.connection,
    direction: r.direction === 'outbound' ? 'outbound' : 'inbound',
    status: r.status as ExchangeStatus,
    created: Number(r.created),
    updated: Number(r.updated),
    deleted: Number(r.deleted),
    failed: Number(r.failed),
    error: r.error,
    details: r.details,
  };
}

export class ExchangeLog {
  constructor(private readonly knex: Knex) {}

  async start(
    system: string,
    direction: ExchangeDirection,
    connection: string | null = null,
  ): Promise<number> {
    const [inserted] = await this.knex('exchange_log')
      .insert({ started_at: nowUtc(), system, connection, direction, status: 'running' })
      .returning('id');
    return typeof inserted === 'object' && inserted !== null
      ? Number((inserted as { id: number }).id)
      : Number(inserted);
  }

  async finish(
    id: number,
    status: Exclude<ExchangeStatus, 'running'>,
    counts: ExchangeCounts = {},
    error: string | null = null,
    details: string | null = null,
  ): Promise<void> {
    await this.knex('exchange_log')
      .where({ id })
      .update({
        finished_at: nowUtc(),
        status,
        created: counts.created ?? 0,
        updated: counts.updated ?? 0,
        deleted: counts.deleted ?? 0,
        failed: counts.failed ?? 0,
        error: error === null ? null : error.slice(0, 4000),
        details,
      });
  }

  async systems(): Promise<string[]> {
    return this.knex('exchange_log').distinct('system').orderBy('system').pluck('system');
  }

  async get(id: number): Promise<ExchangeEntry | null> {
    const row = await this.knex<ExchangeRow>('exchange_log').where({ id }).first();
    return row ? toEntry(row) : null;
  }

  async list(filter: ExchangeFilter = {}): Promise<ExchangeEntry[]> {
    const q = this.knex<ExchangeRow>('exchange_log')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 50)
      .offset(filter.offset ?? 0);
    if (filter.system) q.where({ system: filter.system });
    if (filter.direction) q.where({ direction: filter.direction });
    if (filter.status) q.where({ status: filter.status });
    if (filter.from) q.where('started_at', '>=', filter.from);
    if (filter.to) q.where('started_at', '<=', filter.to);
    return (await q).map(toEntry);
  }
}

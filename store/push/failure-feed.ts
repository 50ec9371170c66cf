// Failing exchanges and jobs for the admins' pushes (gateway/push/README.md §5): exchange-log
// rows that ended in error after a cursor, and jobs that used up their attempts since the last
// look. The first look starts at the newest of each, so old failures are not pushed.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';

const EXCHANGE_CURSOR = 'push.failures.exchange';
const JOBS_CURSOR = 'push.failures.jobs';

export interface Failure {
  readonly key: string;
  readonly what: string;
  readonly error: string;
  readonly url: string;
}

export class PushFailureFeed {
  constructor(private readonly knex: Knex) {}

  private async cursor(key: string): Promise<string | null> {
    const row = await this.knex('settings')
      .where({ key })
      .first<{ value: string } | undefined>('value');
    return row ? (JSON.parse(row.value) as string) : null;
  }

  private async save(key: string, value: string | number): Promise<void> {
    await this.knex('settings')
      .insert({ key, value: JSON.stringify(String(value)), updated_at: nowUtc() })
      .onConflict('key')
      .merge();
  }

  async next(): Promise<Failure[]> {
    const out: Failure[] = [];
    const exchangeAfter = await this.cursor(EXCHANGE_CURSOR);
    const maxRow = await this.knex('exchange_log').max<{ m: number | string | null }[]>({
      m: 'id',
    });
    const maxId = Number(maxRow[0]?.m ?? 0);
    if (exchangeAfter !== null) {
      const rows = await this.knex('exchange_log')
        .where('id', '>', Number(exchangeAfter))
        .where('id', '<=', maxId)
        .where({ status: 'error' })
        .orderBy('id')
        .select<{ id: number; system: string; connection: string | null; error: string | null }[]>(
          'id',
          'system',
          'connection',
          'error',
        );
      for (const r of rows)
        out.push({
          key: `exchange-${Number(r.id)}`,
          what: `${r.system}${r.connection ? ` (${r.connection})` : ''} exchange failed`,
          error: r.error ?? '',
          url: '/console/exchange',
        });
    }
    await this.save(EXCHANGE_CURSOR, maxId);
    const jobsAfter = await this.cursor(JOBS_CURSOR);
    // The jobs' own stamps, not a clock: a job failing again later has a later stamp.
    const latest = await this.knex('jobs')
      .where({ status: 'failed' })
      .max<{ m: string | null }[]>({ m: 'last_finished_at' });
    const at = latest[0]?.m ?? jobsAfter ?? '';
    if (jobsAfter !== null) {
      const jobs = await this.knex('jobs')
        .where({ status: 'failed' })
        .where('last_finished_at', '>', jobsAfter)
        .where('last_finished_at', '<=', at)
        .select<{ name: string; last_error: string | null }[]>('name', 'last_error');
      for (const j of jobs)
        out.push({
          key: `job-${j.name}`,
          what: `Job ${j.name} failed`,
          error: j.last_error ?? '',
          url: '/console/jobs',
        });
    }
    await this.save(JOBS_CURSOR, at);
    return out;
  }
}

// Durable named jobs (docs/architecture.md "Store", `jobs`): what a cron panel shows and edits
// (active, interval or cron, status, attempts n/max, last and next run, last error, run-now,
// reset) and the lease protocol of the workers. With several replicas on one PostgreSQL a claim
// locks candidate rows with FOR UPDATE SKIP LOCKED (PostgreSQL manual, SELECT "The Locking
// Clause") so replicas never wait on each other, and a conditional UPDATE confirms it; SQLite
// has one writer at a time, so there the conditional UPDATE alone decides who won.
import { Cron } from 'croner';
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { clockAt, clockNow, defaultClock, type ClockSource } from '../db-clock.js';
import { GatewayError } from '../errors.js';

export type JobSchedule =
  | { readonly kind: 'interval'; readonly seconds: number }
  | { readonly kind: 'cron'; readonly expression: string };

/** `failed`: attempts exhausted; the job is not scheduled again until reset (or run now). */
export type JobStatus = 'idle' | 'running' | 'ok' | 'failed';

export interface Job {
  readonly name: string;
  readonly description: string;
  readonly active: boolean;
  readonly schedule: JobSchedule;
  readonly status: JobStatus;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastRunAt: string | null;
  readonly lastFinishedAt: string | null;
  readonly lastDurationMs: number | null;
  readonly nextRunAt: string | null;
  readonly lastError: string | null;
  readonly runRequested: boolean;
  /** The worker holding the lease while the job runs, and until when. */
  readonly lockedBy: string | null;
  readonly lockedUntil: string | null;
}

export interface JobDefinition {
  readonly name: string;
  readonly description: string;
  readonly schedule: JobSchedule;
  readonly maxAttempts?: number;
  readonly active?: boolean;
}

/** `interrupted`: the worker stopped it (shutdown); not the job's fault, so not an attempt. */
export type JobResult =
  | { readonly outcome: 'ok'; readonly durationMs: number }
  | { readonly outcome: 'failed'; readonly durationMs: number; readonly error: string }
  | { readonly outcome: 'interrupted'; readonly durationMs: number };

export interface JobRepositoryOptions {
  /** IANA zone the cron expressions are read in; UTC when absent. */
  readonly timezone?: string;
  /** Retry delay after the first failure, doubled per attempt up to backoffMaxMs. */
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /**
   * Whose clock decides due times and leases (store/db-clock.ts): by default the database's on
   * PostgreSQL, where the times callers pass are then ignored, and the caller's on SQLite.
   */
  readonly clock?: ClockSource;
}

export interface ClaimOptions {
  /** Only these jobs (the ones this process has handlers for). */
  readonly names?: readonly string[];
  readonly limit?: number;
}

export const MAX_INTERVAL_SECONDS = 31_536_000;
export const LEASE_EXPIRED_ERROR = 'lease expired (process stopped while running)';
const MAX_ERROR_LENGTH = 4000;
const STATUSES: readonly JobStatus[] = ['idle', 'running', 'ok', 'failed'];

interface JobRow {
  name: string;
  description: string | null;
  active: boolean | number;
  interval_seconds: number | null;
  cron: string | null;
  status: string;
  attempts: number;
  max_attempts: number;
  last_run_at: string | null;
  last_finished_at: string | null;
  last_duration_ms: number | null;
  next_run_at: string | null;
  last_error: string | null;
  run_requested: boolean | number;
  locked_by: string | null;
  locked_until: string | null;
}

function toJob(r: JobRow): Job {
  const schedule: JobSchedule =
    r.cron !== null
      ? { kind: 'cron', expression: r.cron }
      : { kind: 'interval', seconds: Number(r.interval_seconds ?? 0) };
  const status = STATUSES.find((s) => s === r.status) ?? 'idle';
  return {
    name: r.name,
    description: r.description ?? '',
    active: Boolean(r.active),
    schedule,
    status,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    lastRunAt: r.last_run_at,
    lastFinishedAt: r.last_finished_at,
    lastDurationMs: r.last_duration_ms === null ? null : Number(r.last_duration_ms),
    nextRunAt: r.next_run_at,
    lastError: r.last_error,
    runRequested: Boolean(r.run_requested),
    lockedBy: r.locked_by,
    lockedUntil: r.locked_until,
  };
}

const scheduleColumns = (
  s: JobSchedule,
): { interval_seconds: number | null; cron: string | null } =>
  s.kind === 'interval'
    ? { interval_seconds: s.seconds, cron: null }
    : { interval_seconds: null, cron: s.expression };

const addMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

function checkDefinition({ name, maxAttempts = 5 }: JobDefinition): {
  name: string;
  maxAttempts: number;
} {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(name))
    throw new GatewayError(
      'invalid_input',
      `invalid job name '${name}': 1-100 letters, digits, '.', '_', ':' or '-'`,
    );
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 1000)
    throw new GatewayError(
      'invalid_input',
      `maxAttempts must be an integer 1..1000, got ${maxAttempts}`,
    );
  return { name, maxAttempts };
}

/** A job eligible for a claim at `now`; running and unexpired-lease rows never are. */
function due(now: string | Knex.Raw, names?: readonly string[]): Knex.QueryCallback {
  return (b) => {
    b.where('active', true)
      .whereNot('status', 'running')
      .where((q) => q.where('next_run_at', '<=', now).orWhere('run_requested', true))
      .where((q) => q.whereNot('status', 'failed').orWhere('run_requested', true))
      .where((q) => q.whereNull('locked_until').orWhere('locked_until', '<', now));
    if (names) b.whereIn('name', [...names]);
  };
}

export class JobRepository {
  private readonly isPg: boolean;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly clock: ClockSource;

  constructor(
    private readonly knex: Knex,
    private readonly options: JobRepositoryOptions = {},
  ) {
    const dialect: unknown = (knex.client as { dialect?: unknown }).dialect;
    this.isPg = dialect === 'postgresql' || dialect === 'postgres' || dialect === 'pg';
    this.backoffBaseMs = options.backoffBaseMs ?? 30_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 3_600_000;
    this.clock = options.clock ?? defaultClock(knex);
  }

  /** `now` on the caller's clock, or the database's time (store/db-clock.ts). */
  private time(now: Date): Promise<Date> {
    return clockNow(this.knex, this.clock, now);
  }

  /** Inserts the job if missing; an existing job keeps what an admin set (active, schedule). */
  async declare(def: JobDefinition, at: Date = new Date()): Promise<Job> {
    const { name, maxAttempts } = checkDefinition(def);
    const now = await this.time(at);
    const schedule = this.validate(def.schedule);
    await this.knex('jobs')
      .insert({
        name,
        description: def.description,
        active: def.active ?? true,
        ...scheduleColumns(schedule),
        status: 'idle',
        attempts: 0,
        max_attempts: maxAttempts,
        next_run_at: this.firstRun(schedule, now),
        run_requested: false,
      })
      .onConflict('name')
      .merge(['description', 'max_attempts']); // owned by the code that declares the job
    return this.mustGet(name);
  }

  /** Removes a job of something that no longer exists (a deleted shop); missing is fine. */
  async remove(name: string): Promise<boolean> {
    return (await this.knex('jobs').where({ name }).delete()) > 0;
  }

  async list(): Promise<Job[]> {
    const rows = await this.knex('jobs').select<JobRow[]>('*').orderBy('name');
    return rows.map(toJob);
  }

  async get(name: string): Promise<Job | null> {
    const row = await this.knex('jobs').where({ name }).first<JobRow | undefined>();
    return row ? toJob(row) : null;
  }

  async setActive(name: string, active: boolean, at: Date = new Date()): Promise<Job> {
    const job = await this.mustGet(name);
    const now = await this.time(at);
    const nextRun =
      active && job.nextRunAt === null && job.status !== 'failed'
        ? { next_run_at: this.firstRun(job.schedule, now) }
        : {};
    await this.knex('jobs')
      .where({ name })
      .update({ active, ...nextRun });
    return this.mustGet(name);
  }

  async setSchedule(name: string, schedule: JobSchedule, at: Date = new Date()): Promise<Job> {
    const valid = this.validate(schedule);
    const now = await this.time(at);
    const job = await this.mustGet(name);
    const nextRunAt = job.status === 'failed' ? null : this.nextRun(valid, now);
    await this.knex('jobs')
      .where({ name })
      .update({ ...scheduleColumns(valid), next_run_at: nextRunAt });
    return this.mustGet(name);
  }

  /** Due at once, even when failed or not due; an inactive job waits until it is activated. */
  async runNow(name: string, at: Date = new Date()): Promise<Job> {
    const now = await this.time(at);
    const touched = await this.knex('jobs')
      .where({ name })
      .update({ run_requested: true, next_run_at: nowUtc(now) });
    if (touched === 0) throw notFound(name);
    return this.mustGet(name);
  }

  /** Clears the failure count and error; a running job keeps running (its lease is untouched). */
  async reset(name: string, at: Date = new Date()): Promise<Job> {
    const job = await this.mustGet(name);
    const now = await this.time(at);
    await this.knex('jobs')
      .where({ name })
      .update({
        attempts: 0,
        last_error: null,
        next_run_at: this.firstRun(job.schedule, now),
        status: this.knex.raw('CASE WHEN status = ? THEN status ELSE ? END', ['running', 'idle']),
      });
    return this.mustGet(name);
  }

  /** Claims due jobs for `workerId` until now + leaseMs; each returned job is this worker's alone. */
  async claimDue(
    workerId: string,
    now: Date,
    leaseMs: number,
    options: ClaimOptions = {},
  ): Promise<Job[]> {
    if (options.names?.length === 0) return [];
    // On the database clock this is SQL read inside each statement, not a time from here.
    const at = clockAt(this.knex, this.clock, now);
    await this.recoverExpired(at);
    const preselected = this.isPg ? [] : await this.candidates(this.knex, at, options);
    if (!this.isPg && preselected.length === 0) return [];
    const won = await this.knex.transaction(async (trx) => {
      const names = this.isPg ? await this.candidates(trx, at, options) : preselected;
      const claimed: string[] = [];
      for (const name of names) {
        const touched = await trx('jobs')
          .where({ name })
          .where(due(at))
          .update({
            status: 'running',
            locked_by: workerId,
            locked_until: clockAt(this.knex, this.clock, now, leaseMs),
            last_run_at: at,
          });
        if (touched === 1) claimed.push(name);
      }
      return claimed;
    });
    if (won.length === 0) return [];
    const rows = await this.knex('jobs').whereIn('name', won).select<JobRow[]>('*').orderBy('name');
    return rows.map(toJob);
  }

  /** Extends the lease of a running job (heartbeat); false when the lease is no longer ours. */
  async renew(name: string, workerId: string, now: Date, leaseMs: number): Promise<boolean> {
    const touched = await this.knex('jobs')
      .where({ name, locked_by: workerId, status: 'running' })
      .update({ locked_until: clockAt(this.knex, this.clock, now, leaseMs) });
    return touched === 1;
  }

  /** Records a run and schedules the next; false (nothing written) when the lease was lost. */
  async complete(
    name: string,
    workerId: string,
    result: JobResult,
    finished: Date = new Date(),
  ): Promise<boolean> {
    const row = await this.knex('jobs')
      .where({ name, locked_by: workerId })
      .first<JobRow | undefined>();
    if (!row) return false;
    const now = await this.time(finished);
    const at = nowUtc(now);
    const touched = await this.knex('jobs')
      .where({ name, locked_by: workerId })
      .update({
        locked_by: null,
        locked_until: null,
        run_requested: false,
        last_finished_at: at,
        last_duration_ms: Math.round(result.durationMs),
        ...this.outcome(toJob(row), result, now),
      });
    return touched === 1;
  }

  private outcome(job: Job, result: JobResult, now: Date): Record<string, unknown> {
    if (result.outcome === 'ok') {
      return {
        status: 'ok',
        attempts: 0,
        last_error: null,
        next_run_at: this.nextRun(job.schedule, now),
      };
    }
    if (result.outcome === 'interrupted') {
      const exhausted = job.attempts >= job.maxAttempts;
      return {
        status: exhausted ? 'failed' : 'idle',
        run_requested: job.runRequested,
        next_run_at: exhausted ? null : nowUtc(now),
      };
    }
    const attempts = job.attempts + 1;
    const error = result.error.slice(0, MAX_ERROR_LENGTH);
    if (attempts >= job.maxAttempts)
      return { status: 'failed', attempts, last_error: error, next_run_at: null };
    // Retry sooner than the schedule would, but never later than the next regular run.
    const retry = addMs(now, Math.min(this.backoffBaseMs * 2 ** (attempts - 1), this.backoffMaxMs));
    const regular = this.nextRun(job.schedule, now);
    const next = regular !== null && regular < nowUtc(retry) ? regular : nowUtc(retry);
    return { status: 'idle', attempts, last_error: error, next_run_at: next };
  }

  /** A lease that ran out means its process died mid-run: that run counts as a failed attempt. */
  private async recoverExpired(at: string | Knex.Raw): Promise<void> {
    const exhausted = 'attempts + 1 >= max_attempts';
    await this.knex('jobs')
      .where('status', 'running')
      .where('locked_until', '<', at)
      .update({
        attempts: this.knex.raw('attempts + 1'),
        status: this.knex.raw(`CASE WHEN ${exhausted} THEN ? ELSE ? END`, ['failed', 'idle']),
        next_run_at: this.knex.raw(`CASE WHEN ${exhausted} THEN NULL ELSE next_run_at END`),
        last_error: LEASE_EXPIRED_ERROR,
        last_finished_at: at,
        locked_by: null,
        locked_until: null,
      });
  }

  private async candidates(
    db: Knex | Knex.Transaction,
    at: string | Knex.Raw,
    options: ClaimOptions,
  ): Promise<string[]> {
    const query = db('jobs')
      .select<{ name: string }[]>('name')
      .where(due(at, options.names))
      .orderBy('next_run_at')
      .limit(options.limit ?? 100);
    const rows = this.isPg ? await query.forUpdate().skipLocked() : await query;
    return rows.map((r) => r.name);
  }

  private validate(schedule: JobSchedule): JobSchedule {
    if (schedule.kind === 'interval') {
      const s = schedule.seconds;
      if (Number.isInteger(s) && s >= 1 && s <= MAX_INTERVAL_SECONDS)
        return { kind: 'interval', seconds: s };
      throw new GatewayError(
        'invalid_input',
        `interval must be a whole number of seconds from 1 to ${MAX_INTERVAL_SECONDS} (one year), got ${s}`,
      );
    }
    const expression = String(schedule.expression).trim().replace(/\s+/g, ' ');
    if (this.cronNext(expression, new Date()) === null)
      throw new GatewayError('invalid_input', `cron expression '${expression}' never fires`);
    return { kind: 'cron', expression };
  }

  private cronNext(expression: string, from: Date): string | null {
    let cron: Cron;
    try {
      // A ':' would make croner read the text as a one-off date, which is not a schedule.
      if (expression.includes(':') || expression.length > 100)
        throw new Error('not a cron pattern');
      cron = this.options.timezone
        ? new Cron(expression, { timezone: this.options.timezone })
        : new Cron(expression, { utcOffset: 0 });
    } catch (err) {
      const why = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err);
      throw new GatewayError(
        'invalid_input',
        `invalid cron expression '${expression}' (expected 5 or 6 fields: [second] minute hour day-of-month month day-of-week): ${why}`,
      );
    }
    const next = cron.nextRun(from);
    return next ? nowUtc(next) : null;
  }

  /** The first run of a new or reset job: an interval job runs at once, a cron job at its next time. */
  private firstRun(schedule: JobSchedule, now: Date): string | null {
    return schedule.kind === 'interval' ? nowUtc(now) : this.cronNext(schedule.expression, now);
  }

  private nextRun(schedule: JobSchedule, now: Date): string | null {
    return schedule.kind === 'interval'
      ? nowUtc(addMs(now, schedule.seconds * 1000))
      : this.cronNext(schedule.expression, now);
  }

  private async mustGet(name: string): Promise<Job> {
    const job = await this.get(name);
    if (!job) throw notFound(name);
    return job;
  }
}

const notFound = (name: string): GatewayError =>
  new GatewayError('not_found', `no job named '${name}'`);

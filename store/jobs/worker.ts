// Runs the durable jobs of job-repository.ts in this process (docs/architecture.md "Data flow":
// outbound sync → job). Every run holds a lease in the jobs table, renewed while the handler
// runs, so a job runs at most once at a time across all processes sharing the store, and a
// process that dies mid-run leaves a lease that expires and is recovered by any other worker.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { GatewayError } from '../errors.js';
import type { Job, JobDefinition, JobRepository, JobResult } from './job-repository.js';

export interface JobContext {
  /** Aborted when the worker stops or the lease is lost; long handlers should give up then. */
  readonly signal: AbortSignal;
  readonly jobName: string;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

export interface JobWorkerOptions {
  readonly pollMs?: number;
  readonly leaseMs?: number;
  /** How often a running job's lease is extended; a third of the lease by default. */
  readonly heartbeatMs?: number;
  /** How long stop() waits for aborted handlers before giving up on them. */
  readonly stopTimeoutMs?: number;
  /** Jobs this process runs at once. */
  readonly concurrency?: number;
  readonly workerId?: string;
  /** The time source; tests move it forward instead of sleeping. */
  readonly clock?: () => Date;
  /** Infrastructure errors (database down, ...); handler errors go to the job's last_error. */
  readonly onError?: (err: unknown, jobName: string | null) => void;
  readonly onFinished?: (jobName: string, result: JobResult) => void;
}

interface Running {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/** The abort reason of a shutdown: such a run is recorded as interrupted, not as failed. */
class WorkerStopping extends Error {
  override readonly name = 'WorkerStopping';
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message ? `${err.name}: ${err.message}` : err.name;
  return String(err);
}

function defaultOnError(err: unknown, jobName: string | null): void {
  process.emitWarning(`job worker${jobName ? ` (${jobName})` : ''}: ${errorText(err)}`);
}

export class JobWorker {
  readonly workerId: string;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly stopTimeoutMs: number;
  private readonly concurrency: number;
  private readonly clock: () => Date;
  private readonly onError: (err: unknown, jobName: string | null) => void;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly declaring = new Set<Promise<unknown>>();
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> | null = null;
  private polling = false;

  constructor(
    private readonly repo: JobRepository,
    private readonly options: JobWorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(this.leaseMs / 3));
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.concurrency = options.concurrency ?? 4;
    this.clock = options.clock ?? (() => new Date());
    this.onError = options.onError ?? defaultOnError;
  }

  /** Declares the job in the store (keeping an admin's changes) and runs it here when due. */
  async register(def: JobDefinition, handler: JobHandler): Promise<Job> {
    if (this.handlers.has(def.name))
      throw new GatewayError('conflict', `job '${def.name}' is already registered`);
    this.handlers.set(def.name, handler);
    const declared = this.repo.declare(def, this.clock());
    const settled = declared.then(
      () => undefined,
      () => this.handlers.delete(def.name),
    );
    this.declaring.add(settled);
    void settled.finally(() => this.declaring.delete(settled));
    return declared;
  }

  /** Drops the handler of a job whose subject is gone; a run in progress finishes. */
  unregister(name: string): boolean {
    return this.handlers.delete(name);
  }

  /** Whether this process already runs the named job (a connection's jobs are declared once). */
  hasHandler(name: string): boolean {
    return this.handlers.has(name);
  }

  /** Names of the jobs running in this process now. */
  get runningJobs(): string[] {
    return [...this.running.keys()];
  }

  start(): void {
    if (this.polling) return;
    this.polling = true;
    this.schedulePoll(0);
  }

  /** Claims every job due now that has a handler here, runs them, resolves when all finished. */
  async runOnce(): Promise<number> {
    const jobs = await this.claim();
    await Promise.all(jobs.map((job) => this.launch(job)));
    return jobs.length;
  }

  /** Stops polling, aborts running handlers and waits for them, at most stopTimeoutMs. */
  async stop(): Promise<void> {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A claim in flight may still launch handlers; wait for it so those get aborted too.
    if (this.tick) await this.tick;
    const runs = [...this.running.values()];
    for (const run of runs) run.controller.abort(new WorkerStopping('job worker stopping'));
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, this.stopTimeoutMs);
    });
    await Promise.race([Promise.allSettled(runs.map((r) => r.done)), timedOut]);
    clearTimeout(timeout);
  }

  private schedulePoll(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick = this.poll().finally(() => {
        this.tick = null;
        if (this.polling) this.schedulePoll(this.pollMs);
      });
    }, delayMs);
    // The server and its shutdown decide the process lifetime, not an idle poll timer.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      for (const job of await this.claim()) void this.launch(job);
    } catch (err) {
      this.onError(err, null);
    }
  }

  private async claim(): Promise<Job[]> {
    await Promise.all([...this.declaring]);
    const free = this.concurrency - this.running.size;
    if (free <= 0 || this.handlers.size === 0) return [];
    return this.repo.claimDue(this.workerId, this.clock(), this.leaseMs, {
      names: [...this.handlers.keys()],
      limit: free,
    });
  }

  private launch(job: Job): Promise<void> {
    const controller = new AbortController();
    const done = this.execute(job.name, controller).finally(() => this.running.delete(job.name));
    this.running.set(job.name, { controller, done });
    return done;
  }

  private async execute(name: string, controller: AbortController): Promise<void> {
    const started = performance.now();
    const heartbeat = setInterval(() => void this.renew(name, controller), this.heartbeatMs);
    let result: JobResult;
    try {
      const handler = this.handlers.get(name);
      if (!handler) throw new Error(`no handler for job '${name}' in this process`);
      await handler({ signal: controller.signal, jobName: name });
      result = { outcome: 'ok', durationMs: performance.now() - started };
    } catch (err) {
      const durationMs = performance.now() - started;
      const stopped =
        controller.signal.aborted && controller.signal.reason instanceof WorkerStopping;
      result = stopped
        ? { outcome: 'interrupted', durationMs }
        : { outcome: 'failed', durationMs, error: errorText(err) };
    } finally {
      clearInterval(heartbeat);
    }
    try {
      const recorded = await this.repo.complete(name, this.workerId, result, this.clock());
      if (!recorded)
        this.onError(
          new Error('lease lost before the run finished; its result was not recorded'),
          name,
        );
      this.options.onFinished?.(name, result);
    } catch (err) {
      this.onError(err, name);
    }
  }

  private async renew(name: string, controller: AbortController): Promise<void> {
    try {
      if (!(await this.repo.renew(name, this.workerId, this.clock(), this.leaseMs))) {
        controller.abort(new Error('job lease lost to another worker'));
      }
    } catch (err) {
      // The lease may still be valid; the next heartbeat tries again.
      this.onError(err, name);
    }
  }
}

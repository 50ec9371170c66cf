// Runs the links of one bridge: "sync now" for one link, and the scheduled pass that takes every
// due link and runs them in a bounded pool, so one slow remote does not hold the others back.
// Runs of one link never overlap: in this process they queue, across processes the link's lease
// decides (lease.ts); a link another process holds is skipped by the pass. One link failing only
// delays that link (its own backoff, or the wait a rate-limiting remote asked for).
import { forEachLimited } from '../adapters/rss/concurrency.js';
import { nowUtc } from '../store/db.js';
import type { Store } from '../store/store.js';
import { runLink, type RunOutcome, type Session } from './engine.js';
import {
  DEFAULT_LEASE,
  LeaseLostError,
  newHolder,
  withLease,
  type LeaseStore,
  type LeaseTimes,
} from './lease.js';
import type { LinkBook, SyncLink } from './status.js';
import { newTally } from './tally.js';
import { utcMs } from './context.js';

export interface RunnerOptions {
  readonly clock?: () => number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** How often each link pulls on the schedule. */
  readonly pullEverySeconds?: number;
  /** Least time between two pulls asked for by listing a user's records through the gateway. */
  readonly listPullGapMs?: number;
  /** The link lease: time to live, how long "sync now" waits for a running sync, poll step. */
  readonly lease?: Partial<LeaseTimes>;
  /** How many links of the bridge a scheduled pass runs at once. */
  readonly poolSize?: number;
}

export interface RunnerDeps {
  readonly store: Store;
  readonly system: string;
  /** How messages name a link ("CalDAV link"). */
  readonly noun: string;
  readonly book: LinkBook;
  readonly lease: LeaseStore;
  readonly open: (link: SyncLink) => Promise<Session>;
}

export class LinkRunner {
  private readonly clock: () => number;
  private readonly running = new Map<number, Promise<RunOutcome>>();
  private readonly listPulls = new Map<number, number>();
  private readonly holder = newHolder();

  constructor(
    private readonly deps: RunnerDeps,
    private readonly options: RunnerOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Runs one sync of the link now (push and pull), whatever its backoff; waits a little for a sync running elsewhere, else reports `busy`. */
  async syncNow(id: number, signal?: AbortSignal): Promise<RunOutcome> {
    const waitMs = this.options.lease?.waitMs ?? DEFAULT_LEASE.waitMs;
    return this.run(await this.deps.book.link(id), true, signal, true, waitMs);
  }

  /** Whether the link has work now: out of backoff, and behind the change log or due to pull. */
  private due(link: SyncLink, top: number, now: number): { run: boolean; pull: boolean } {
    if (link.nextAttemptAt !== null && link.nextAttemptAt > nowUtc(new Date(now)))
      return { run: false, pull: false };
    const pull =
      !link.firstSyncDone ||
      link.pullRequestedAt !== null ||
      link.lastSyncAt === null ||
      utcMs(link.lastSyncAt) + (this.options.pullEverySeconds ?? 120) * 1000 <= now ||
      link.lastError !== null;
    return { run: pull || link.lastSeq < top, pull };
  }

  /** The scheduled pass: every due link, at most `poolSize` at once; links held elsewhere are skipped. */
  async runDue(signal?: AbortSignal): Promise<RunOutcome[]> {
    const now = this.clock();
    const top = await this.deps.store.changeLog.latestSeq();
    const due = (await this.deps.book.activeLinks())
      .map((link) => ({ link, ...this.due(link, top, now) }))
      .filter((d) => d.run);
    const outcomes = await forEachLimited(
      due,
      this.options.poolSize ?? 4,
      (d) => this.run(d.link, d.pull, signal, false, 0),
      signal,
    );
    return outcomes.filter((o) => !o.busy);
  }

  /**
   * Whether some link has CRM changes it has not pushed yet or a pull asked for: one query,
   * since every replica's watcher asks each second (sync/jobs.ts). Changes not yet published
   * (store/change-log.ts) are seen once the next reader or the gateway's publisher publishes.
   */
  pending(): Promise<boolean> {
    return this.deps.book.anyPending(nowUtc(new Date(this.clock())));
  }

  /**
   * The user listed their records through the gateway: this process pulls their links in the
   * background (at most once per gap per user), under each link's lease. The listing itself
   * writes nothing, neither a flag on the link nor a job (test/gateway/caldav/collection-tokens.test.ts);
   * links in backoff wait for it; a link another process is syncing is left to that process.
   * Returns the number of links started.
   */
  async activitiesListed(userId: number): Promise<number> {
    const now = this.clock();
    if ((this.listPulls.get(userId) ?? -Infinity) + (this.options.listPullGapMs ?? 30_000) > now)
      return 0;
    this.listPulls.set(userId, now);
    const at = nowUtc(new Date(now));
    const links = (await this.deps.book.activeLinks(userId)).filter(
      (l) => l.nextAttemptAt === null || l.nextAttemptAt <= at,
    );
    for (const link of links) void this.run(link, true, undefined, false, 0).catch(() => undefined);
    return links.length;
  }

  private run(
    link: SyncLink,
    pull: boolean,
    signal: AbortSignal | undefined,
    logAlways: boolean,
    waitMs: number,
  ): Promise<RunOutcome> {
    const previous = this.running.get(link.id) ?? Promise.resolve(null);
    const next = previous
      .catch(() => null)
      .then(() => this.leased(link.id, pull, signal, logAlways, waitMs));
    this.running.set(link.id, next);
    void next
      .finally(() => {
        if (this.running.get(link.id) === next) this.running.delete(link.id);
      })
      .catch(() => undefined);
    return next;
  }

  private async leased(
    id: number,
    pull: boolean,
    signal: AbortSignal | undefined,
    logAlways: boolean,
    waitMs: number,
  ): Promise<RunOutcome> {
    const times = { ...DEFAULT_LEASE, ...this.options.lease, waitMs };
    const name = `${this.deps.noun} ${id}`;
    try {
      const outcome = await withLease(
        this.deps.lease,
        id,
        this.holder,
        times,
        signal,
        async (leaseSignal) => {
          // Read after the lease is ours: the previous holder may have moved the link's positions on.
          const fresh = await this.deps.book.link(id);
          const engine = {
            store: this.deps.store,
            system: this.deps.system,
            book: this.deps.book,
            open: this.deps.open,
            now: this.clock,
            backoff: {
              baseMs: this.options.backoffBaseMs ?? 30_000,
              maxMs: this.options.backoffMaxMs ?? 3_600_000,
            },
          };
          return runLink(engine, fresh, { pull, logAlways, signal: leaseSignal });
        },
        name,
      );
      if (outcome !== null) return outcome;
      const held = await this.deps.lease.state(id);
      return busyOutcome(
        `${name} is busy: another sync of it is running (${held.holder ?? 'just finished'}, lease until ${held.until ?? '-'} UTC)`,
      );
    } catch (err) {
      if (err instanceof LeaseLostError) return busyOutcome(err.message);
      throw err;
    }
  }
}

function busyOutcome(error: string): RunOutcome {
  return { ok: false, busy: true, error, exchangeId: null, counts: newTally() };
}

// One sync of a link at a time across processes, so nothing is written twice: a run holds the
// link's lease (a conditional UPDATE, store/bridges/lease.ts) from start to end and renews
// it at a third of its time to live. A run that finds the lease held waits up to `waitMs`, then reports the link busy.
// If a renewal finds the lease gone (this process stalled past the expiry and another took it),
// the run is aborted before it writes more. Lease times are wall-clock, shared by every process.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/** The lease rows of a bridge's links; each step is one atomic conditional write. */
export interface LeaseStore {
  take(linkId: number, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  renew(linkId: number, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  release(linkId: number, holder: string): Promise<void>;
  state(linkId: number): Promise<{ readonly holder: string | null; readonly until: string | null }>;
}

export interface LeaseTimes {
  readonly ttlMs: number;
  readonly waitMs: number;
  readonly pollMs: number;
}

export const DEFAULT_LEASE: LeaseTimes = { ttlMs: 60_000, waitMs: 5_000, pollMs: 250 };

/** Who holds a lease: host, process and bridge instance, so the console can say who is running it. */
export const newHolder = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function acquire(
  lease: LeaseStore,
  linkId: number,
  holder: string,
  times: LeaseTimes,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const deadline = Date.now() + times.waitMs;
  for (;;) {
    if (await lease.take(linkId, holder, Date.now(), times.ttlMs)) return true;
    if (Date.now() + times.pollMs > deadline || signal?.aborted) return false;
    await pause(times.pollMs, signal);
  }
}

/** Runs `fn` holding the link's lease; null when the lease stayed with another holder. */
export async function withLease<T>(
  lease: LeaseStore,
  linkId: number,
  holder: string,
  times: LeaseTimes,
  signal: AbortSignal | undefined,
  fn: (signal: AbortSignal) => Promise<T>,
  name = `link ${linkId}`,
): Promise<T | null> {
  if (!(await acquire(lease, linkId, holder, times, signal))) return null;
  // One signal for the run: the caller's stop, or the loss of the lease.
  const stop = new AbortController();
  let lost: LeaseLostError | null = null;
  const follow = (): void => stop.abort(signal?.reason);
  if (signal?.aborted) follow();
  else signal?.addEventListener('abort', follow, { once: true });
  const timer = setInterval(
    () => {
      lease.renew(linkId, holder, Date.now(), times.ttlMs).then(
        (ok) => {
          if (ok || lost) return;
          lost = new LeaseLostError(`the lease of ${name} was lost; the run stopped`);
          stop.abort(lost);
        },
        () => undefined, // a failed renewal is retried at the next tick; the lease outlives two misses
      );
    },
    Math.max(50, Math.floor(times.ttlMs / 3)),
  );
  timer.unref();
  try {
    return await fn(stop.signal);
  } catch (err) {
    if (lost && !signal?.aborted) throw lost;
    throw err;
  } finally {
    clearInterval(timer);
    signal?.removeEventListener('abort', follow);
    await lease.release(linkId, holder).catch(() => undefined);
  }
}

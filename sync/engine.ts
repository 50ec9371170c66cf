// One run of the engine for one link: push the CRM's changes, pull the remote's. The first run
// pulls everything and pushes every record the mapping sends at first. The cursor and the
// change-log position advance only when every item went through, so a failure or a restart in
// the middle repeats the run, which is idempotent (hashes, versions, uids). The outcome goes on
// the link (last sync, last error, counts, backoff; a rate limit defers the link instead of
// sleeping) and to the exchange log.
import type { Store } from '../store/store.js';
import type { Owner } from '../store/types.js';
import type { Direction, RunContext } from './context.js';
import type { ItemMapping } from './mapping.js';
import { SyncError, type RemoteProvider } from './provider.js';
import { pull } from './pull.js';
import { pushChanges, pushInitial } from './push.js';
import type { Backoff, LinkBook, SyncLink } from './status.js';
import { newTally, type LinkCounts } from './tally.js';

export interface RunOptions {
  readonly pull: boolean;
  readonly signal?: AbortSignal;
  /** Written to the exchange log even when nothing changed (a sync started by hand). */
  readonly logAlways?: boolean;
}

export interface RunOutcome {
  readonly ok: boolean;
  readonly counts: LinkCounts;
  readonly error: string | null;
  readonly exchangeId: number | null;
  /** Another run of the link (another process or replica) held it: nothing was done. */
  readonly busy?: boolean;
  /** The remote asked to wait this long; the link's next run waits for it. */
  readonly retryAfterMs?: number;
}

/** The remote side of one run: the provider over the link's collection, and how its items map. */
export interface Session<F = unknown, P = unknown> {
  readonly provider: RemoteProvider;
  readonly mapping: ItemMapping<F, P>;
  /** Which way the link carries changes; both when not said. */
  readonly direction?: Direction;
  /** Whose records the link carries; the linked user's when not said. */
  readonly owner?: Owner;
}

export interface EngineDeps {
  readonly store: Store;
  /** The `system` of the link's exchange-log rows. */
  readonly system: string;
  readonly book: LinkBook;
  readonly open: (link: SyncLink) => Promise<Session>;
  readonly now: () => number;
  readonly backoff: Backoff;
}

async function work(ctx: RunContext, deps: EngineDeps, options: RunOptions): Promise<void> {
  const link = ctx.link;
  const sends = ctx.direction !== 'from-remote';
  if (!link.firstSyncDone) {
    const startSeq = await deps.store.changeLog.latestSeq();
    // Even a to-remote link lists the remote first, to link the cards it already holds (pull.ts).
    const cursor = await pull(ctx, null);
    if (sends) await pushInitial(ctx);
    if (ctx.problems.length > 0) return;
    await deps.book.progress(link.id, {
      cursor,
      lastSeq: Math.max(startSeq, link.lastSeq),
      firstSyncDone: true,
    });
    return;
  }
  const top = await deps.store.changeLog.latestSeq();
  if (top > link.lastSeq) {
    if (sends) await pushChanges(ctx, link.lastSeq, top);
    else await deps.book.progress(link.id, { lastSeq: top });
  }
  if (!options.pull || ctx.direction === 'to-remote') return;
  const cursor = await pull(ctx, link.cursor);
  if (ctx.problems.length === 0) await deps.book.progress(link.id, { cursor });
}

function details(ctx: RunContext): string | null {
  if (ctx.conflicts.length === 0 && ctx.problems.length === 0) return null;
  return JSON.stringify({ conflicts: ctx.conflicts, problems: ctx.problems });
}

export async function runLink(
  deps: EngineDeps,
  link: SyncLink,
  options: RunOptions,
): Promise<RunOutcome> {
  const tally = newTally();
  let ctx: RunContext | null = null;
  let error: string | null = null;
  let retryAfterMs: number | null = null;
  try {
    const session = await deps.open(link);
    ctx = {
      store: deps.store,
      status: deps.book,
      provider: session.provider,
      mapping: session.mapping,
      direction: session.direction ?? 'both',
      owner: session.owner ?? { kind: 'user', id: link.userId },
      link,
      actor: { userId: link.userId, isAdmin: true, groupIds: [] },
      now: deps.now,
      signal: options.signal,
      tally,
      conflicts: [],
      problems: [],
    };
    await work(ctx, deps, options);
    if (ctx.problems.length > 0)
      error = `${ctx.problems.length} remote object(s) could not be read: ${ctx.problems.slice(0, 3).join('; ')}`;
  } catch (err) {
    // A stop of the worker is not the remote's fault: no error, no backoff; the next run repeats it.
    if (options.signal?.aborted) throw err;
    error = err instanceof Error ? err.message : String(err);
    if (err instanceof SyncError && err.kind === 'rate_limited')
      retryAfterMs = err.retryAfterMs ?? 0;
  }
  const counts: LinkCounts = { ...tally };
  const changed = Object.values(counts).some((n) => n > 0);
  let exchangeId: number | null = null;
  if (changed || error !== null || options.logAlways) {
    exchangeId = await deps.store.exchangeLog.start(
      deps.system,
      options.pull ? 'inbound' : 'outbound',
      String(link.id),
    );
    await deps.store.exchangeLog.finish(
      exchangeId,
      error === null ? 'ok' : changed ? 'partial' : 'error',
      {
        created: counts.pulledCreated + counts.pushedCreated,
        updated: counts.pulledUpdated + counts.pushedUpdated,
        deleted: counts.pulledDeleted + counts.pushedDeleted,
        failed: counts.failed,
      },
      error,
      ctx ? details(ctx) : null,
    );
  }
  const now = deps.now();
  if (error === null) await deps.book.succeeded(link.id, counts, new Date(now), options.pull);
  else if (retryAfterMs !== null)
    await deps.book.deferred(link.id, error, new Date(now + retryAfterMs));
  else await deps.book.failed(link.id, error, new Date(now), deps.backoff);
  return {
    ok: error === null,
    counts,
    error,
    exchangeId,
    ...(retryAfterMs !== null ? { retryAfterMs } : {}),
  };
}

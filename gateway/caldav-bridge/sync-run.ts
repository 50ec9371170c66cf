// One run of the bridge for one link: find the calendar, push the CRM's changes, pull the remote's.
// The first run pulls everything and pushes every activity not in the past.
// The sync token and the change-log position advance only when every object went through, so a
// failure or a restart in the middle repeats the run, which is idempotent (hashes, etags, UIDs).
// The outcome goes on the link (last sync, last error, counts, backoff) and to the exchange log.
import {
  CaldavError,
  discover,
  unlinkableReason,
  type CaldavClient,
} from '../../adapters/caldav-client.js';
import {
  LINK_SYSTEM,
  type CaldavLinkRepository,
} from '../../store/caldav-links/link-repository.js';
import type { CaldavLink, LinkCounts } from '../../store/caldav-links/link-types.js';
import type { Store } from '../../store/store.js';
import { newTally, type RunContext } from './context.js';
import { pull } from './pull.js';
import { pushChanges, pushInitial } from './push.js';

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
}

export interface RunDeps {
  readonly store: Store;
  readonly links: CaldavLinkRepository;
  readonly client: CaldavClient;
  readonly now: () => number;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
}

/** The calendar of the link: the one chosen before, else the first event calendar that supports sync. */
export async function chooseCalendar(client: CaldavClient, link: CaldavLink): Promise<string> {
  if (link.calendarUrl) return link.calendarUrl;
  const found = await discover(client, link.url);
  if (found.calendars.length === 0)
    throw new CaldavError('not_found', `no calendar found at ${link.url}`);
  const usable = found.calendars.find((c) => unlinkableReason(c) === null);
  if (usable) return usable.url;
  const first = found.calendars[0];
  throw new CaldavError(
    'no_sync_support',
    first ? (unlinkableReason(first) ?? 'no usable calendar') : 'no usable calendar',
  );
}

async function work(ctx: RunContext, deps: RunDeps, options: RunOptions): Promise<void> {
  const link = ctx.link;
  if (!link.firstSyncDone) {
    const startSeq = await deps.store.changeLog.latestSeq();
    const { token } = await pull(ctx, null);
    await pushInitial(ctx);
    if (ctx.problems.length > 0) return;
    await deps.links.progress(link.id, {
      syncToken: token,
      lastSeq: Math.max(startSeq, link.lastSeq),
      firstSyncDone: true,
    });
    return;
  }
  const top = await deps.store.changeLog.latestSeq();
  if (top > link.lastSeq) await pushChanges(ctx, link.lastSeq, top);
  if (!options.pull) return;
  const { token } = await pull(ctx, link.syncToken);
  if (ctx.problems.length === 0) await deps.links.progress(link.id, { syncToken: token });
}

function details(ctx: RunContext): string | null {
  if (ctx.conflicts.length === 0 && ctx.problems.length === 0) return null;
  return JSON.stringify({ conflicts: ctx.conflicts, problems: ctx.problems });
}

export async function runLink(
  deps: RunDeps,
  link: CaldavLink,
  options: RunOptions,
): Promise<RunOutcome> {
  const actor = { userId: link.userId, isAdmin: true, groupIds: [] };
  const tally = newTally();
  let ctx: RunContext | null = null;
  let error: string | null = null;
  try {
    const calendarUrl = await chooseCalendar(deps.client, link);
    if (calendarUrl !== link.calendarUrl) await deps.links.progress(link.id, { calendarUrl });
    ctx = {
      store: deps.store,
      links: deps.links,
      client: deps.client,
      link,
      calendarUrl,
      actor,
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
  }
  const counts: LinkCounts = { ...tally };
  const changed = Object.values(counts).some((n) => n > 0);
  let exchangeId: number | null = null;
  if (changed || error !== null || options.logAlways) {
    exchangeId = await deps.store.exchangeLog.start(
      LINK_SYSTEM,
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
  if (error === null)
    await deps.links.succeeded(link.id, counts, new Date(deps.now()), options.pull);
  else await deps.links.failed(link.id, error, new Date(deps.now()), deps.backoff);
  return { ok: error === null, counts, error, exchangeId };
}

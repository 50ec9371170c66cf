// What one run of the bridge for one link works with, and what it counts. Conflicts carry the losing
// side's fields for the exchange log (the newer change wins and the loser is recorded:
// gateway/caldav/README.md §5).
import type { CaldavClient } from '../../adapters/caldav-client.js';
import type { CaldavLinkRepository } from '../../store/caldav-links/link-repository.js';
import type { CaldavLink } from '../../store/caldav-links/link-types.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../../store/types.js';
import type { SyncedFields } from './fields.js';

export interface Tally {
  pulledCreated: number;
  pulledUpdated: number;
  pulledDeleted: number;
  pushedCreated: number;
  pushedUpdated: number;
  pushedDeleted: number;
  conflicts: number;
  failed: number;
}

export const newTally = (): Tally => ({
  pulledCreated: 0,
  pulledUpdated: 0,
  pulledDeleted: 0,
  pushedCreated: 0,
  pushedUpdated: 0,
  pushedDeleted: 0,
  conflicts: 0,
  failed: 0,
});

export interface ConflictNote {
  readonly href: string;
  readonly recordId: number | null;
  readonly winner: 'crm' | 'remote';
  readonly loser: SyncedFields | 'deleted' | null;
}

export interface RunContext {
  readonly store: Store;
  readonly links: CaldavLinkRepository;
  readonly client: CaldavClient;
  readonly link: CaldavLink;
  readonly calendarUrl: string;
  /** The linked user; records are written as them, with every record of theirs in reach. */
  readonly actor: Actor;
  readonly now: () => number;
  readonly signal: AbortSignal | undefined;
  readonly tally: Tally;
  readonly conflicts: ConflictNote[];
  /** Objects that could not be read or written: the run ends with an error, the sync token stays. */
  readonly problems: string[];
}

/** The CRM activity modules and their iCalendar components: Events ⇄ VEVENT, Tasks (Calendar) ⇄ VTODO. */
export type ActivityModule = 'Events' | 'Calendar';
export type Component = 'VEVENT' | 'VTODO';
export const componentOf = (module: string): Component =>
  module === 'Calendar' ? 'VTODO' : 'VEVENT';
export const moduleOf = (component: Component): ActivityModule =>
  component === 'VTODO' ? 'Calendar' : 'Events';

/**
 * The modules a link carries: Google's CalDAV has no VTODO (gateway/caldav/README.md §4), so its
 * links carry Events only.
 */
export function modulesOf(ctx: Pick<RunContext, 'link'>): ActivityModule[] {
  return ctx.link.kind === 'google' ? ['Events'] : ['Events', 'Calendar'];
}

export function checkAborted(ctx: RunContext): void {
  if (ctx.signal?.aborted)
    throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('sync aborted');
}

// What one run of a link counts, and the conflicts it settled: the newer change wins and the
// losing side's fields go to the exchange log with the run (test/gateway/caldav-bridge/conflict.test.ts).
import { NO_COUNTS, type LinkCounts } from '../store/bridges/types.js';

/** The counts of a run as it goes: the link's counts, writable. */
export type Tally = { -readonly [K in keyof LinkCounts]: LinkCounts[K] };

export type { LinkCounts };

export const newTally = (): Tally => ({ ...NO_COUNTS });

export interface ConflictNote<F = unknown> {
  readonly remoteId: string;
  readonly recordId: number | null;
  readonly winner: 'crm' | 'remote';
  readonly loser: F | 'deleted' | null;
}

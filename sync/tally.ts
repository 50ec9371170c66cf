// What one run of a link counts, and the conflicts it settled: the newer change wins and the
// losing side's fields go to the exchange log with the run (test/gateway/caldav-bridge/conflict.test.ts).
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

export type { LinkCounts } from '../store/bridges/types.js';

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

export interface ConflictNote<F = unknown> {
  readonly remoteId: string;
  readonly recordId: number | null;
  readonly winner: 'crm' | 'remote';
  readonly loser: F | 'deleted' | null;
}

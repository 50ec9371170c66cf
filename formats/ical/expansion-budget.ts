// One request's allowance for recurrence expansion (gateway/caldav/README.md §3 "expansion
// budget"): every object of a calendar-query draws on the same steps and milliseconds, so objects
// that each stay under the per-object step cap (instances.ts) cannot add up to a frozen server —
// rules stored before the sub-hourly refusal (recurrence-limits.ts) included. The work is also cut
// into slices with a turn of the event loop between them, so other requests (/healthz) are served
// while a query expands.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { GatewayError } from '../../store/errors.js';

export interface ExpansionLimits {
  /** Recurrence iterator steps one request may take across all its objects. */
  readonly steps: number;
  /** Milliseconds of expansion work (not of waiting for other requests) one request may spend. */
  readonly ms: number;
}

/** A slice of work between two turns of the event loop. */
const SLICE_MS = 20;

/**
 * RFC 4791 leaves the cost of a calendar-query to the server (§7.8, §9.6.5 "the server MAY …"):
 * beyond the budget the request is refused as the instance cap refuses it, 403 with
 * DAV:number-of-matches-within-limits (the precondition RFC 6578 §3.6 uses for truncated results;
 * gateway/caldav/README.md §1.3), which clients read as "ask for a narrower range".
 */
export function budgetExceeded(what: string): GatewayError {
  return new GatewayError(
    'forbidden',
    `Recurrence expansion exceeded this request's ${what}; ask for a narrower time range`,
    { dav: { precondition: { ns: 'DAV:', name: 'number-of-matches-within-limits' } } },
  );
}

export class ExpansionBudget {
  private stepsLeft: number;
  private spentMs = 0;
  private sliceStart = performance.now();

  constructor(private readonly limits: ExpansionLimits) {
    this.stepsLeft = limits.steps;
  }

  /** Takes one iterator step; throws once the request has none left. */
  step(): void {
    if (--this.stepsLeft < 0) throw budgetExceeded(`${this.limits.steps} steps`);
  }

  /** Charges `ms` of expansion work; throws once the request spent its milliseconds. */
  charge(ms: number): void {
    this.spentMs += ms;
    if (this.spentMs > this.limits.ms) throw budgetExceeded(`${this.limits.ms} ms`);
  }

  /** Between pieces of work: lets the event loop turn once the current slice is full. */
  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}

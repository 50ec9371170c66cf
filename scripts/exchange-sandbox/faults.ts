// Faults a test (or a person) injects into the sandbox, each for the next N matching requests:
// throttling as Exchange Online answers it (429 with Retry-After and code ApplicationThrottled /
// MailboxConcurrency; 503), an empty page in the middle of a delta round, a truncated JSON body,
// and a response lost after the change was applied (the connection is cut after the write).
export type FaultKind = '429' | '503' | 'empty-page' | 'malformed' | 'drop-after-apply';

export interface Fault {
  readonly kind: FaultKind;
  readonly method?: string;
  /** Matched against the request path (without the query). */
  readonly path?: RegExp;
  readonly retryAfterS?: number;
  times: number;
}

export class Faults {
  private readonly list: Fault[] = [];

  add(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.list.push({ ...fault, times: fault.times ?? 1 });
  }

  clear(): void {
    this.list.length = 0;
  }

  /** The fault of one of `kinds` the request meets (used up by one), or null. */
  take(method: string, path: string, kinds: readonly FaultKind[]): Fault | null {
    const i = this.list.findIndex(
      (f) =>
        kinds.includes(f.kind) &&
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || f.path.test(path)),
    );
    if (i < 0) return null;
    const fault = this.list[i] as Fault;
    fault.times -= 1;
    if (fault.times <= 0) this.list.splice(i, 1);
    return fault;
  }
}

// One wall-clock deadline per attempt. Socket idle timeouts alone let a slow-drip server
// hold a job forever (one byte per 29 s never trips a 30 s idle timer), so the whole
// exchange — connect, headers, every redirect hop and the body — shares one timer.
import { OutboundError } from './errors.js';

interface Destroyable {
  destroy(error?: Error): unknown;
}

export class Deadline {
  private target: Destroyable | undefined;
  private host: string;
  private expired = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly ms: number,
    host: string,
  ) {
    this.host = host;
    this.timer = setTimeout(() => this.expire(), ms);
  }

  /** The request or body stream that the deadline tears down when it fires. */
  track(target: Destroyable, host: string): void {
    this.target = target;
    this.host = host;
    if (this.expired) target.destroy(this.error());
  }

  clear(): void {
    clearTimeout(this.timer);
    this.target = undefined;
  }

  private expire(): void {
    this.expired = true;
    this.target?.destroy(this.error());
  }

  private error(): OutboundError {
    return new OutboundError('timeout', `request to ${this.host} timed out after ${this.ms} ms`);
  }
}

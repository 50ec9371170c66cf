// Counts requests whose handlers are still running. A client may hang up while its request is
// still being processed; a graceful stop waits for such handlers too before it closes the
// database, so no write is cut off half way.
import type { Middleware } from 'koa';

export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  middleware(): Middleware {
    return async (_ctx, next) => {
      this.count++;
      try {
        await next();
      } finally {
        this.count--;
        if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
      }
    };
  }

  get active(): number {
    return this.count;
  }

  /** Resolves when no handler runs, or after timeoutMs. */
  idle(timeoutMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

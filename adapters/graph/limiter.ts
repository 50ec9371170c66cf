// At most N requests in flight per mailbox: Exchange Online throttles a mailbox that sees more
// than four concurrent requests from one app (Graph docs, "throttling limits", Outlook service:
// "4 concurrent requests per app per mailbox", code MailboxConcurrency).
export class MailboxLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly perMailbox = 4) {}

  async run<T>(mailbox: string, fn: () => Promise<T>): Promise<T> {
    const key = mailbox.toLowerCase();
    while ((this.active.get(key) ?? 0) >= this.perMailbox) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(key) ?? [];
        queue.push(resolve);
        this.waiting.set(key, queue);
      });
    }
    this.active.set(key, (this.active.get(key) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      const left = (this.active.get(key) ?? 1) - 1;
      if (left === 0) this.active.delete(key);
      else this.active.set(key, left);
      const next = this.waiting.get(key)?.shift();
      if (next) next();
      if (this.waiting.get(key)?.length === 0) this.waiting.delete(key);
    }
  }
}

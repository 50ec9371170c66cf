// Group commit of the webform intake (gateway/webforms/README.md §4): submissions that arrive
// while a batch is being written wait for the next one, and a batch is ONE transaction — the
// inbox rows in one INSERT, then each record, exchange-log row and inbox completion — instead of
// two commits per submission. Nobody is answered before the batch commits, so a submission
// answered 2xx is durable as before. If one write of a batch fails, the whole batch is rolled
// back and each of its submissions takes the one-by-one way (inbox row first, then the record),
// which keeps a failing submission in the inbox with its error, as before.
import type { Knex } from 'knex';
import type { Actor } from '../../store/types.js';
import type { InboxRepository } from '../../store/webforms/inbox-repository.js';
import type { SubmissionWriter } from '../../store/webforms/submission-writer.js';
import type { NewInboxEntry, Webform } from '../../store/webforms/types.js';

export interface IntakeItem {
  readonly entry: NewInboxEntry;
  readonly form: Webform;
  readonly actor: Actor;
}

export interface IntakeOutcome {
  readonly inboxId: number;
  /** Whether the record was made (false: the row waits in the inbox with its error). */
  readonly processed: boolean;
}

interface Waiting {
  readonly item: IntakeItem;
  resolve(outcome: IntakeOutcome): void;
  reject(err: unknown): void;
}

/** Bounds one transaction's length, so the first of a burst is not held behind the last. */
const MAX_BATCH = 64;

export class IntakeBatcher {
  private queue: Waiting[] = [];
  private running = false;

  constructor(
    private readonly knex: Knex,
    private readonly inbox: InboxRepository,
    private readonly writer: SubmissionWriter,
    /** The one-by-one way, for the submissions of a failed batch. */
    private readonly single: (item: IntakeItem) => Promise<IntakeOutcome>,
  ) {}

  submit(item: IntakeItem): Promise<IntakeOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = this.queue.splice(0, MAX_BATCH);
    void this.write(batch).finally(() => {
      this.running = false;
      this.next();
    });
  }

  private async write(batch: readonly Waiting[]): Promise<void> {
    let ids: number[];
    try {
      ids = await this.knex.transaction(async (trx) => {
        const entries = await this.inbox.addMany(
          trx,
          batch.map((w) => w.item.entry),
        );
        for (const [i, entry] of entries.entries()) {
          const { form, actor } = (batch[i] as Waiting).item;
          await this.writer.writeIn(trx, entry, form, actor);
        }
        return entries.map((e) => e.id);
      });
    } catch {
      for (const w of batch) await this.single(w.item).then(w.resolve, w.reject);
      return;
    }
    for (const [i, w] of batch.entries()) w.resolve({ inboxId: ids[i] ?? 0, processed: true });
  }
}

// Turns inbox rows into records: right after intake, and again from the
// webforms.inbox job for rows that failed (database trouble, an owner that was deactivated) or
// were left pending by a process that stopped. A failure keeps the row with its error and one
// exchange-log row per submission that ends `ok` once a retry succeeds.
import type { Store } from '../../store/store.js';
import { nowUtc } from '../../store/db.js';
import { ExchangeLog } from '../../store/exchange-log.js';
import type { InboxRepository } from '../../store/webforms/inbox-repository.js';
import {
  EXCHANGE_SYSTEM,
  SubmissionWriter,
  type WriteResult,
} from '../../store/webforms/submission-writer.js';
import type { InboxEntry, NewInboxEntry, Webform } from '../../store/webforms/types.js';
import type { WebformRepository } from '../../store/webforms/webform-repository.js';
import type { Actor } from '../../store/types.js';
import { IntakeBatcher, type IntakeOutcome } from './intake-batch.js';

export const MAX_ATTEMPTS = 10;
/** A pending row older than this was abandoned by a stopped process. */
const STALE_PENDING_MS = 120_000;
const ACTOR_TTL_MS = 5000;

export type ProcessResult =
  | { readonly ok: true; readonly result: WriteResult | null }
  | { readonly ok: false; readonly error: string };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class InboxProcessor {
  private readonly writer: SubmissionWriter;
  private readonly batcher: IntakeBatcher;
  // Deactivating the author takes effect within this time; every submission would read it otherwise.
  private readonly actors = new Map<number, { actor: Actor; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly forms: WebformRepository,
    private readonly inbox: InboxRepository,
  ) {
    this.writer = new SubmissionWriter(store.db.knex, inbox, store.picklists);
    this.batcher = new IntakeBatcher(store.db.knex, inbox, this.writer, (item) =>
      this.intakeOne(item.entry, item.form),
    );
  }

  /**
   * A new submission: stored and made into its record, answered once both are committed (or the
   * row is kept with its error). Submissions without files share commits (intake-batch.ts).
   */
  async intake(entry: NewInboxEntry, form: Webform): Promise<IntakeOutcome> {
    if (entry.files.length > 0) return this.intakeOne(entry, form);
    let actor: Actor;
    try {
      actor = await this.actorFor(form);
    } catch {
      return this.intakeOne(entry, form);
    }
    return this.batcher.submit({ entry, form, actor });
  }

  /** The inbox row committed first, then its record in a transaction of its own. */
  private async intakeOne(newEntry: NewInboxEntry, form: Webform): Promise<IntakeOutcome> {
    const entry = await this.inbox.add(newEntry);
    const processed = await this.processEntry(entry, form);
    return { inboxId: entry.id, processed: processed.ok };
  }

  /** Never throws for a failed record: the error is kept on the row. */
  async process(inboxId: number): Promise<ProcessResult> {
    const entry = await this.inbox.get(inboxId);
    if (!entry || entry.status === 'done') return { ok: true, result: null };
    return this.processEntry(entry, await this.forms.get(entry.webformId));
  }

  /** The row as just stored by the intake, or as read back by a retry. */
  async processEntry(entry: InboxEntry, form: Webform | null): Promise<ProcessResult> {
    const inboxId = entry.id;
    try {
      if (!form) throw new Error(`webform ${entry.webformId} no longer exists`);
      // Read before the transaction: on SQLite the writer's transaction holds the one connection.
      const actor = await this.actorFor(form);
      return { ok: true, result: await this.writer.write(entry, form, actor) };
    } catch (err) {
      const error = message(err);
      // If even this fails, the row stays pending and the job picks it up as stale.
      await this.recordFailure(inboxId, entry.exchangeLogId, form, error).catch(() => undefined);
      return { ok: false, error };
    }
  }

  /** The job: retries failed rows under the attempt limit and stale pending ones. */
  async retry(signal?: AbortSignal): Promise<{ done: number; failed: number }> {
    const ids = await this.inbox.retryable(
      MAX_ATTEMPTS,
      nowUtc(new Date(Date.now() - STALE_PENDING_MS)),
    );
    let done = 0;
    let failed = 0;
    for (const id of ids) {
      if (signal?.aborted) break;
      const r = await this.process(id);
      if (r.ok) done += 1;
      else failed += 1;
    }
    // Rows that still fail keep their error for the console; the job itself stays healthy so
    // that one bad row does not stop the retries of the others.
    return { done, failed };
  }

  /** The form's author acts (creator and modifier of the record); an admin if the author is gone. */
  private async actorFor(form: Webform): Promise<Actor> {
    const key = form.creatorId ?? 0;
    const cached = this.actors.get(key);
    if (cached && cached.until > Date.now()) return cached.actor;
    const actor = await this.loadActor(form);
    this.actors.set(key, { actor, until: Date.now() + ACTOR_TTL_MS });
    return actor;
  }

  private async loadActor(form: Webform): Promise<Actor> {
    const actor = form.creatorId === null ? null : await this.store.users.actor(form.creatorId);
    if (actor) return actor;
    const admin = (await this.store.users.list()).find((u) => u.isAdmin && u.status === 'Active');
    const fallback = admin ? await this.store.users.actor(admin.id) : null;
    if (!fallback) throw new Error('no active user can create the record');
    return fallback;
  }

  private async recordFailure(
    inboxId: number,
    logId: number | null,
    form: Webform | null,
    error: string,
  ): Promise<void> {
    const log = new ExchangeLog(this.store.db.knex);
    const id = logId ?? (await log.start(EXCHANGE_SYSTEM, 'inbound', form?.publicId ?? null));
    await log.finish(
      id,
      'error',
      { failed: 1 },
      error,
      JSON.stringify({ form: form?.id ?? null, inbox: inboxId }),
    );
    await this.inbox.markError(inboxId, error, id);
  }
}
